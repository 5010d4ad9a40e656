/**
 * Pinyin readings per character, with every reading of a polyphone (会 →
 * hui, kuai; 行 → xing, hang, heng; 重 → zhong, chong), so a resident who
 * types the reading they know finds the word whichever reading the
 * dictionary would pick in context. Cached per character: names repeat the
 * same few thousand characters.
 */
import { pinyin, polyphonic } from 'pinyin-pro';

const cache = new Map<string, readonly string[]>();
const syllables = new Set<string>();
const syllablePrefixes = new Set<string>();

export function readingsOf(char: string): readonly string[] {
  let readings = cache.get(char);
  if (readings) return readings;
  const raw = polyphonic(char, { toneType: 'none', type: 'array' })[0] ?? [];
  readings = [...new Set(raw.map((r) => r.toLowerCase().replace(/ü/g, 'v')).filter((r) => /^[a-z]+$/.test(r)))];
  if (readings.length === 0) readings = [char];
  cache.set(char, readings);
  for (const r of readings) rememberSyllable(r);
  return readings;
}

function rememberSyllable(s: string): void {
  if (syllables.has(s)) return;
  syllables.add(s);
  for (let i = 1; i <= s.length; i++) syllablePrefixes.add(s.slice(0, i));
}

/** One character per common syllable: their readings seed the syllable table before any text is indexed. */
const SEED_CHARACTERS =
  '啊爱安昂奥八白班帮包北本崩比边标别宾冰波不擦才参仓草策岑层插柴产常超车陈成吃冲抽出揣川窗吹春词从凑粗窜催村错大代单当到得的灯地点跌丁丢东都读端对吨多额恩儿发反方飞分风佛否夫该干刚高个给根更工够古瓜怪关光规滚国哈还海含行好和黑很恒红后湖花坏欢黄灰回会活及家间江交接今京经炯九局卷觉军卡开看抗考科肯坑空口哭夸快宽况亏昆扩拉来兰浪老乐类冷里俩连两了列林领刘龙楼路绿乱略论罗吗买满忙毛么没门梦米面苗灭民名谬模某木拿乃南囊闹呢内嫩能你年娘鸟捏您宁牛农弄怒女暖虐挪哦欧怕派盘旁跑配盆朋批片票撇品平破剖普七恰千强桥切亲青穷秋区全却群然让绕热人认日容肉如软瑞润若撒赛三桑扫色森僧杀晒山上少社谁深生十手书刷摔拴双水顺说四送搜苏算虽岁孙所他太谈汤桃特疼提天条贴听通头图团推吞托挖外完王为文翁我屋西下先想小些心星兄修需选学寻压烟羊要也一因应哟用有于元月云杂在咱脏早则贼怎增扎摘站张找这真正知中周主抓拽专装追准桌子总走组钻最尊左';

let seeded = false;
/**
 * Fills the syllable table on first use rather than as a module side effect:
 * a bundler that believes a module pure may drop top-level calls.
 */
function ensureSeeded(): void {
  if (seeded) return;
  seeded = true;
  for (const ch of SEED_CHARACTERS) readingsOf(ch);
}

export function isSyllable(s: string): boolean {
  ensureSeeded();
  return syllables.has(s);
}

export function isSyllablePrefix(s: string): boolean {
  ensureSeeded();
  return syllablePrefixes.has(s);
}

/** Initials that are two letters long: typing 'zh' for 中 counts as an initial. */
export function isCompoundInitial(s: string): boolean {
  return s === 'zh' || s === 'ch' || s === 'sh';
}

/** True when the whole string splits into full syllables (the last may be a prefix unless `complete`). */
export function parsesAsPinyin(q: string, complete = false, from = 0): boolean {
  if (from === q.length) return true;
  for (let end = Math.min(q.length, from + 6); end > from; end--) {
    const part = q.slice(from, end);
    if (end === q.length && !complete ? isSyllablePrefix(part) : isSyllable(part)) {
      if (parsesAsPinyin(q, complete, end)) return true;
    }
  }
  return false;
}

/** The most likely reading of a Han run, for turning a hanzi typo (底保) into a homophone search. */
export function primaryPinyin(text: string): string {
  return pinyin(text, { toneType: 'none', type: 'array' }).join('').toLowerCase().replace(/ü/g, 'v');
}
