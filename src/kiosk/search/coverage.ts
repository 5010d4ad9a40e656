/**
 * Coverage ranking for questions in residents' words: a record scores for
 * each character of the query it covers, more where it covers it (an alias or
 * the name more than a tag, a tag more than the body), and need not cover
 * every character. A record that covers too little of the question is not a
 * hit at all, so a service the hall does not offer finds nothing rather than
 * a confident wrong first result.
 */
import type { Posting } from './postings';
import type { QueryPiece } from './query-understanding';

/** Per-character weights by where the characters were found. */
export const COVER_WEIGHT = { alias: 12, name: 10, plainName: 10, tag: 7, body: 3, single: 2 } as const;
/** A lexicon sense stands in for the resident's word, slightly below the word itself. */
const SENSE_FACTOR = 0.9;
/** The whole piece in one field, not just its pairs scattered over several. */
const PHRASE_BONUS = 2;
/** A field that is exactly the piece (an alias 低保 for 低保) is what the resident meant. */
const EXACT_BONUS = 6;

/** What coverage needs of the index. */
export interface CoverageSource {
  slotCount: number;
  isLive(slot: number): boolean;
  hanShort: Map<number, Posting>;
  hanBody: Map<number, Posting>;
  /** Folded short fields of a slot. */
  foldedName(slot: number): string;
  foldedPlain(slot: number): string;
  foldedAliases(slot: number): readonly string[];
  foldedTags(slot: number): readonly string[];
  departmentOf(slot: number): string;
  guideIdOf(slot: number): string | null;
}

export interface Coverage {
  score: number;
  /** Query characters covered in a short field (name, plain name, alias, tag). */
  short: number;
  /** Query characters covered anywhere. */
  any: number;
  /** Best field: 'alias' | 'name' | 'plainName' | 'tag' | 'body'. */
  field: keyof typeof COVER_WEIGHT;
}

type FieldName = keyof typeof COVER_WEIGHT;

const hanKey = (a: number, b?: number) => (b === undefined ? a : a * 0x110000 + b);

function fieldOf(src: CoverageSource, slot: number, text: string): { field: FieldName; exact: boolean } | null {
  for (const a of src.foldedAliases(slot)) if (a.includes(text)) return { field: 'alias', exact: a === text };
  const name = src.foldedName(slot);
  if (name.includes(text)) return { field: 'name', exact: name === text };
  const plain = src.foldedPlain(slot);
  if (plain.includes(text)) return { field: 'plainName', exact: plain === text };
  for (const t of src.foldedTags(slot)) if (t.includes(text)) return { field: 'tag', exact: t === text };
  return null;
}

function intersectAll(lists: (Posting | undefined)[]): Uint32Array {
  if (lists.length === 0 || lists.some((l) => !l)) return new Uint32Array(0);
  const views = (lists as Posting[]).map((p) => p.view()).sort((a, b) => a.length - b.length);
  let acc = views[0]!;
  for (let k = 1; k < views.length && acc.length; k++) {
    const other = views[k]!;
    const out = new Uint32Array(acc.length);
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < acc.length && j < other.length) {
      if (acc[i] === other[j]) {
        out[n++] = acc[i]!;
        i++;
        j++;
      } else if (acc[i]! < other[j]!) i++;
      else j++;
    }
    acc = out.subarray(0, n);
  }
  return acc;
}

/** Slots whose short fields may hold `text` (all its pairs present), and slots whose body has all its pairs. */
function candidatesOf(src: CoverageSource, text: string): { short: Uint32Array; body: Uint32Array } {
  const cps = [...text].map((c) => c.codePointAt(0)!);
  if (cps.length === 1) {
    return { short: src.hanShort.get(hanKey(cps[0]!))?.view() ?? new Uint32Array(0), body: new Uint32Array(0) };
  }
  const shortLists: (Posting | undefined)[] = [];
  const bodyLists: (Posting | undefined)[] = [];
  for (let i = 0; i + 1 < cps.length; i++) {
    const key = hanKey(cps[i]!, cps[i + 1]!);
    shortLists.push(src.hanShort.get(key));
    bodyLists.push(src.hanBody.get(key));
  }
  return { short: intersectAll(shortLists), body: intersectAll(bodyLists) };
}

/** Coverage of every record that covers any of the pieces. */
export function coverPieces(src: CoverageSource, pieces: readonly QueryPiece[]): Map<number, Coverage> {
  const out = new Map<number, Coverage>();
  const acc = (slot: number): Coverage => {
    let c = out.get(slot);
    if (!c) out.set(slot, (c = { score: 0, short: 0, any: 0, field: 'body' }));
    return c;
  };
  const better = (c: Coverage, field: FieldName) => {
    if (COVER_WEIGHT[field] > COVER_WEIGHT[c.field] || c.score === 0) c.field = field;
  };

  for (const piece of pieces) {
    const len = [...piece.text].length;
    if (piece.senses.length > 0) {
      // A lexicon term: covered as a whole by the term itself or by one of its senses.
      const best = new Map<number, { score: number; short: boolean; field: FieldName }>();
      const consider = (text: string, factor: number, filter: { departmentId: string | null; guideId: string | null } | null) => {
        const { short, body } = candidatesOf(src, text);
        for (const slot of short) {
          if (!src.isLive(slot)) continue;
          if (filter?.guideId && src.guideIdOf(slot) !== filter.guideId) continue;
          if (filter?.departmentId && src.departmentOf(slot) !== filter.departmentId) continue;
          const f = fieldOf(src, slot, text);
          if (!f) continue;
          const score = (COVER_WEIGHT[f.field] * len + (f.exact ? EXACT_BONUS : 0)) * factor;
          const prev = best.get(slot);
          if (!prev || prev.score < score) best.set(slot, { score, short: true, field: f.field });
        }
        for (const slot of body) {
          if (!src.isLive(slot) || best.get(slot)?.short) continue;
          if (filter?.guideId && src.guideIdOf(slot) !== filter.guideId) continue;
          if (filter?.departmentId && src.departmentOf(slot) !== filter.departmentId) continue;
          const score = COVER_WEIGHT.body * len * factor;
          const prev = best.get(slot);
          if (!prev || prev.score < score) best.set(slot, { score, short: false, field: 'body' });
        }
      };
      consider(piece.text, 1, null);
      for (const sense of piece.senses)
        for (const m of sense.means) consider(m, SENSE_FACTOR, sense.departmentId || sense.guideId ? sense : null);
      for (const [slot, b] of best) {
        const c = acc(slot);
        c.score += b.score;
        c.any += len;
        if (b.short) c.short += len;
        better(c, b.field);
      }
      continue;
    }

    // A run of characters: covered pair by pair, each character by its best pair.
    const cps = [...piece.text];
    if (cps.length === 1) {
      const { short } = candidatesOf(src, piece.text);
      for (const slot of short) {
        if (!src.isLive(slot)) continue;
        const c = acc(slot);
        c.score += COVER_WEIGHT.single;
        c.any += 1;
      }
      continue;
    }
    const perSlot = new Map<number, Float32Array>();
    const shortField = new Map<number, FieldName>();
    const weights = (slot: number) => {
      let w = perSlot.get(slot);
      if (!w) perSlot.set(slot, (w = new Float32Array(cps.length)));
      return w;
    };
    for (let i = 0; i + 1 < cps.length; i++) {
      const pair = cps[i]! + cps[i + 1]!;
      const key = hanKey(pair.codePointAt(0)!, cps[i + 1]!.codePointAt(0)!);
      const shortList = src.hanShort.get(key);
      if (shortList) {
        for (const slot of shortList.view()) {
          if (!src.isLive(slot)) continue;
          const f = fieldOf(src, slot, pair);
          if (!f) continue;
          const w = weights(slot);
          const v = COVER_WEIGHT[f.field];
          if (w[i]! < v) w[i] = v;
          if (w[i + 1]! < v) w[i + 1] = v;
          const prev = shortField.get(slot);
          if (!prev || COVER_WEIGHT[prev] < v) shortField.set(slot, f.field);
        }
      }
      const bodyList = src.hanBody.get(key);
      if (bodyList) {
        for (const slot of bodyList.view()) {
          if (!src.isLive(slot)) continue;
          const w = weights(slot);
          if (w[i]! < COVER_WEIGHT.body) w[i] = COVER_WEIGHT.body;
          if (w[i + 1]! < COVER_WEIGHT.body) w[i + 1] = COVER_WEIGHT.body;
        }
      }
    }
    for (const [slot, w] of perSlot) {
      const c = acc(slot);
      let score = 0;
      for (let i = 0; i < w.length; i++) {
        const v = w[i]!;
        if (v === 0) continue;
        score += v;
        c.any += 1;
        if (v > COVER_WEIGHT.body) c.short += 1;
      }
      const f = shortField.get(slot);
      if (f) {
        const whole = fieldOf(src, slot, piece.text);
        if (whole) score += PHRASE_BONUS * cps.length + (whole.exact ? EXACT_BONUS : 0);
        better(c, f);
      }
      c.score += score;
    }
  }
  return out;
}

/**
 * Whether a record covers enough of the question to be shown: two thirds of
 * it in its short fields, or half there and nearly all of it somewhere. `total` counts the
 * characters of every piece.
 */
export function coversEnough(c: Coverage, total: number): boolean {
  if (total === 0) return false;
  // Two thirds of the question in short fields, or half of it there and all but a little anywhere.
  return (c.short >= 2 || (c.short >= 1 && total === 1)) && (c.short * 3 >= total * 2 || (c.short * 2 >= total && c.any * 5 >= total * 4));
}
