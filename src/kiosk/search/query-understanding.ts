/**
 * Reads a resident's question the way staff would: takes out the question
 * frame (怎么办, 要带什么, 去哪里办, 可以吗 …) and the cost words (多少钱,
 * 收费, 要钱吗 …, remembered as "asks about cost"), finds the lexicon's terms
 * (娃, 二手房, 开饭店 …) and keeps the rest as runs of characters to be
 * covered by records. Nothing here blocks a match: it only decides which
 * characters of the query are worth covering.
 */
import type { LexiconSense, LexiconTable } from './lexicon-table';
import { isHanCodePoint } from './normalize';

/** Asks what it costs. Longest first where one contains another. */
export const COST_PHRASES = [
  '报名费',
  '考试费',
  '登记费',
  '费多少',
  '交多少',
  '收多少',
  '一年多少',
  '收不收费',
  '要不要钱',
  '收不收钱',
  '花多少钱',
  '交多少钱',
  '要多少钱',
  '需要多少钱',
  '得多少钱',
  '收多少钱',
  '多少钱',
  '几块钱',
  '多少费用',
  '什么费用',
  '收费标准',
  '收费吗',
  '收费',
  '收钱吗',
  '收钱',
  '要钱吗',
  '要钱',
  '花钱',
  '交钱',
  '付钱',
  '掏钱',
  '费用',
  '工本费',
  '手续费',
  '价格',
  '价钱',
  '贵不贵',
  '贵吗',
  '免费吗',
  '免不免费',
  '是免费的吗',
  '交费',
  '缴费',
  '多钱',
  '钱',
  // Last: 多少 alone asks the price once durations (多少天) are taken out as frames.
  '多少',
];

/** Taken out before cost words, so 要多少天 is not read as a price. */
const DURATION_PHRASES = ['多少个工作日', '多少工作日', '多少天', '多少时间', '多长时间', '多少岁', '多大'];

/** Question frames and fillers: never what the resident is looking for. */
export const FRAME_PHRASES = [
  '需要什么条件',
  '要什么条件',
  '什么条件',
  '有什么条件',
  '条件',
  '要求',
  '要办什么证',
  '办什么证',
  '要不要办证',
  '要办证吗',
  '办证吗',
  '要办证',
  '需要准备什么材料',
  '需要准备哪些材料',
  '要准备什么材料',
  '要准备什么',
  '需要准备什么',
  '需要带什么材料',
  '需要什么材料',
  '需要哪些材料',
  '要什么材料',
  '要哪些材料',
  '要带什么材料',
  '什么材料',
  '哪些材料',
  '需要带什么',
  '要带什么',
  '带什么',
  '需要什么手续',
  '要什么手续',
  '什么手续',
  '哪些手续',
  '需要什么',
  '需要哪些',
  '要什么',
  '要哪些',
  '去哪里办理',
  '去哪里办',
  '去哪儿办',
  '到哪里办',
  '在哪里办',
  '在哪儿办',
  '在哪办',
  '去哪办',
  '哪里办',
  '哪儿办',
  '在哪里',
  '在哪儿',
  '去哪里',
  '去哪儿',
  '到哪里',
  '在哪',
  '去哪',
  '哪里',
  '哪儿',
  '怎么办理',
  '如何办理',
  '怎样办理',
  '怎么申请',
  '如何申请',
  '怎么办',
  '怎样办',
  '如何办',
  '咋办',
  '怎么弄',
  '怎么搞',
  '怎么领',
  '怎么交',
  '怎么查',
  '怎么',
  '怎样',
  '如何',
  '咋',
  '可以吗',
  '可不可以',
  '能不能',
  '能办吗',
  '行不行',
  '是不是',
  '有没有',
  '有吗',
  '能吗',
  '多长时间',
  '要多久',
  '多久',
  '几天能',
  '什么时候',
  '什么',
  '哪些',
  '一个月',
  '每个月',
  '每月',
  '一年',
  '每年',
  '请问',
  '你好',
  '我想要',
  '我想',
  '我要',
  '想要',
  '帮我',
  '一下',
  '手续',
  '流程',
  '材料',
  '需要',
  '申请',
];

/**
 * Function characters dropped when they do not form an indexed word with a
 * neighbour (so 给 goes in 给娃办户口 but stays in 给付).
 */
const STOP_CHARS = new Set([...'办要给的了吗呢吧啊呀我你他她们想去到在有能会该得和跟与把被让请帮就还也都又很太再个些这那哪谁么开']);

export interface QueryPiece {
  /** The folded text of the piece as typed. */
  text: string;
  /** Lexicon senses when the piece is a lexicon term. */
  senses: LexiconSense[];
}

export interface UnderstoodQuery {
  pieces: QueryPiece[];
  /** The query asks what something costs. */
  cost: boolean;
  /** Something was taken out or found in the lexicon: the query is not in catalogue words as typed. */
  changed: boolean;
}

/**
 * isWord(pair): whether two characters occur together in any short field of the index;
 * isPhrase(text): whether the text occurs in any short field.
 */
export function understandQuery(
  folded: string,
  lexicon: LexiconTable,
  isWord: (pair: string) => boolean,
  isPhrase: (text: string) => boolean,
): UnderstoodQuery {
  // Work on UTF-16 positions: lexicon spans and phrase matches come from indexOf.
  const text = folded;
  const mask = new Uint8Array(text.length); // 1: taken out; 2: part of a lexicon term
  let cost = false;
  let changed = false;
  const blank = (phrases: string[], onHit: () => void) => {
    for (const phrase of phrases) {
      let at = text.indexOf(phrase);
      while (at >= 0) {
        let free = true;
        for (let i = at; i < at + phrase.length; i++) if (mask[i]) free = false;
        if (free) {
          for (let i = at; i < at + phrase.length; i++) mask[i] = 1;
          onHit();
        }
        at = text.indexOf(phrase, at + 1);
      }
    }
  };
  blank(DURATION_PHRASES, () => (changed = true));
  // The lexicon before cost words: 领钱 (getting money) and 垃圾费 (a fee's name) are the resident's words.
  const spans = lexicon.find(text).filter((s) => {
    for (let i = s.start; i < s.end; i++) if (mask[i]) return false;
    // A term inside a longer catalogue word (执照 in 营业执照) is not the resident's word.
    if (s.start > 0 && isPhrase(text.slice(s.start - 1, s.end))) return false;
    if (s.end < text.length && isPhrase(text.slice(s.start, s.end + 1))) return false;
    return true;
  });
  for (const s of spans) for (let i = s.start; i < s.end; i++) mask[i] = 2;
  blank(COST_PHRASES, () => (cost = changed = true));
  blank(FRAME_PHRASES, () => (changed = true));
  if (spans.length > 0) changed = true;

  // Function characters standing alone.
  for (let i = 0; i < text.length; i++) {
    if (mask[i] || !STOP_CHARS.has(text[i]!)) continue;
    const before = i > 0 && !mask[i - 1] ? isWord(text[i - 1]! + text[i]!) : false;
    const after = i + 1 < text.length && !mask[i + 1] ? isWord(text[i]! + text[i + 1]!) : false;
    if (!before && !after) {
      mask[i] = 1;
      changed = true;
    }
  }

  const pieces: QueryPiece[] = [];
  let run = '';
  const flush = () => {
    if (run) pieces.push({ text: run, senses: [] });
    run = '';
  };
  let spanAt = 0;
  for (let i = 0; i < text.length; i++) {
    if (mask[i] === 2) {
      flush();
      const span = spans[spanAt]!;
      if (span.start === i) {
        pieces.push({ text: span.term, senses: span.senses });
        spanAt++;
        i = span.end - 1;
      }
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (mask[i] || !isHanCodePoint(cp)) {
      flush();
      continue;
    }
    run += text[i];
  }
  flush();
  return { pieces, cost, changed };
}
