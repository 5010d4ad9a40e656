/**
 * Matching typed letters against the pinyin of a short field. Each character
 * (a "unit") may be typed as its full reading or its initial (d, zh); the last
 * one typed may be any prefix of a reading, so 'dib' already finds 低保. A
 * match that starts inside a field must span at least two units, otherwise
 * 'b' would match every 保 and 办 in the middle of every name.
 *
 * Fields are stored as numbers: each unit is the id of its set of readings in
 * a ReadingTable, so matching reads small integers instead of re-deriving
 * pinyin for every candidate on every keystroke.
 */
import { isHanCodePoint, isLatinOrDigitCode } from './normalize';
import { isCompoundInitial, readingsOf } from './pinyin';

export interface Unit {
  readings: readonly string[];
  /** UTF-16 offsets of the unit in the field text, for highlighting. */
  start: number;
  end: number;
}

export function unitsOf(text: string): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (isHanCodePoint(cp)) {
      units.push({ readings: readingsOf(text.slice(i, i + width)), start: i, end: i + width });
      i += width;
    } else if (isLatinOrDigitCode(cp)) {
      let j = i + 1;
      while (j < text.length && isLatinOrDigitCode(text.charCodeAt(j))) j++;
      units.push({ readings: [text.slice(i, j).toLowerCase()], start: i, end: j });
      i = j;
    } else i += width;
  }
  return units;
}

/** Interns sets of readings; a unit of a field is stored as its set's id. */
export class ReadingTable {
  readonly sets: (readonly string[])[] = [];
  /** Han characters' reading arrays are shared (cached per character), so they are keyed by identity. */
  private readonly idsBySet = new Map<readonly string[], number>();
  /** Letter-and-digit runs are keyed by their text. */
  private readonly idsByWord = new Map<string, number>();

  private add(readings: readonly string[]): number {
    this.sets.push(readings);
    return this.sets.length - 1;
  }

  /** Appends the unit ids of a folded field to `out`; returns how many. */
  encode(text: string, out: number[]): number {
    let count = 0;
    let i = 0;
    while (i < text.length) {
      const cp = text.codePointAt(i)!;
      const width = cp > 0xffff ? 2 : 1;
      if (isHanCodePoint(cp)) {
        const readings = readingsOf(text.slice(i, i + width));
        let id = this.idsBySet.get(readings);
        if (id === undefined) this.idsBySet.set(readings, (id = this.add(readings)));
        out.push(id);
        count++;
        i += width;
      } else if (isLatinOrDigitCode(cp)) {
        let j = i + 1;
        while (j < text.length && isLatinOrDigitCode(text.charCodeAt(j))) j++;
        const word = text.slice(i, j).toLowerCase();
        let id = this.idsByWord.get(word);
        if (id === undefined) this.idsByWord.set(word, (id = this.add([word])));
        out.push(id);
        count++;
        i = j;
      } else i += width;
    }
    return count;
  }
}

export interface PinyinMatch {
  /** Units [from, to) matched. */
  from: number;
  to: number;
  /** Every unit typed in full, or every unit typed as its initial, and the match covers the whole field. */
  whole: boolean;
}

export function letterIndex(ch: string | undefined): number {
  if (!ch) return -1;
  const c = ch.charCodeAt(0) - 97;
  return c >= 0 && c < 26 ? c : -1;
}

/** Posting keys: pairs of first letters of adjacent units, and the first letter of a field's first unit. */
export const pairKey = (a: number, b: number) => a * 26 + b;
export const startKey = (a: number) => 676 + a;

/** Keys to index for one field (units codes[base..base+n)): every combination of readings, so polyphones are all reachable. */
export function pinyinKeysOf(
  sets: readonly (readonly string[])[],
  codes: ArrayLike<number>,
  base: number,
  n: number,
  emit: (key: number) => void,
): void {
  if (n === 0) return;
  for (const r of sets[codes[base]!]!) {
    const a = letterIndex(r[0]);
    if (a >= 0) emit(startKey(a));
  }
  for (let j = 0; j + 1 < n; j++) {
    for (const r1 of sets[codes[base + j]!]!) {
      const a = letterIndex(r1[0]);
      if (a < 0) continue;
      for (const r2 of sets[codes[base + j + 1]!]!) {
        const b = letterIndex(r2[0]);
        if (b >= 0) emit(pairKey(a, b));
      }
    }
  }
}

/** Which keys a query can only match through (their union is a superset of the matches). */
export function candidateKeysFor(q: string, isSyllablePrefix: (s: string) => boolean, isSyllable: (s: string) => boolean): number[] {
  const a = letterIndex(q[0]);
  if (a < 0) return [];
  const keys: number[] = [];
  if (q.length === 1 || isSyllablePrefix(q)) keys.push(startKey(a));
  for (let m = 1; m < q.length && m <= 6; m++) {
    const part = q.slice(0, m);
    if (m === 1 || isSyllable(part) || isCompoundInitial(part)) {
      const b = letterIndex(q[m]);
      if (b >= 0) keys.push(pairKey(a, b));
    }
  }
  return [...new Set(keys)];
}

const FULL = 1;
const INITIAL = 2;
const NO_MATCH = -1;

/**
 * Matches q against units codes[base .. base+n) (ids into sets). Returns
 * NO_MATCH or an encoded match: from * 2^16 + to * 2 + whole.
 * Tries starts left to right and returns the earliest.
 */
export function matchCodes(sets: readonly (readonly string[])[], codes: ArrayLike<number>, base: number, n: number, q: string): number {
  const c0 = q.charCodeAt(0);
  for (let from = 0; from < n; from++) {
    if (!startsWithChar(sets[codes[base + from]!]!, c0)) continue;
    const found = extend(sets, codes, base, n, q, from, 0, 0, from === 0 ? 1 : 2, FULL | INITIAL);
    if (found !== NO_MATCH) {
      const to = found >> 2;
      const whole = from === 0 && to === n && (found & 3) !== 0;
      return from * 65536 + to * 2 + (whole ? 1 : 0);
    }
  }
  return NO_MATCH;
}

export function decodeMatch(encoded: number): PinyinMatch | null {
  if (encoded < 0) return null;
  return { from: Math.floor(encoded / 65536), to: (encoded % 65536) >> 1, whole: (encoded & 1) === 1 };
}

/** Convenience for a field held as text (tests, highlighting). */
export function matchPinyin(units: Unit[], q: string): PinyinMatch | null {
  const sets = units.map((u) => u.readings);
  return decodeMatch(
    matchCodes(
      sets,
      sets.map((_, i) => i),
      0,
      sets.length,
      q,
    ),
  );
}

function startsWithChar(readings: readonly string[], c: number): boolean {
  for (let k = 0; k < readings.length; k++) if (readings[k]!.charCodeAt(0) === c) return true;
  return false;
}

/** Does r start with q[pos..]? (without slicing q) */
function readingStartsWithRest(r: string, q: string, pos: number): boolean {
  const rest = q.length - pos;
  if (rest > r.length) return false;
  for (let i = 0; i < rest; i++) if (r.charCodeAt(i) !== q.charCodeAt(pos + i)) return false;
  return true;
}

/**
 * Best extension from unit j at query position pos, encoded to * 4 + modes.
 * Prefers a parse covering the whole field in one typing mode, then the
 * shortest ('zuidish' is 最低生 with 'sh' begun, not 最低生活 with 's', 'h').
 */
function extend(
  sets: readonly (readonly string[])[],
  codes: ArrayLike<number>,
  base: number,
  n: number,
  q: string,
  j: number,
  pos: number,
  parts: number,
  minParts: number,
  modes: number,
): number {
  if (j >= n) return NO_MATCH;
  const readings = sets[codes[base + j]!]!;
  const rest = q.length - pos;
  const c0 = q.charCodeAt(pos);
  let best = NO_MATCH;
  for (let k = 0; k < readings.length; k++) {
    const r = readings[k]!;
    if (r.charCodeAt(0) !== c0) continue;
    if (parts + 1 >= minParts && readingStartsWithRest(r, q, pos)) {
      const compound = rest === 2 && r.length > 2 && isCompoundInitial(r.slice(0, 2));
      const m = (rest === r.length ? FULL : 0) | (rest === 1 || compound ? INITIAL : 0);
      best = prefer(best, (j + 1) * 4 + (modes & m), n);
    }
    if (rest > r.length && q.startsWith(r, pos)) {
      best = prefer(
        best,
        extend(sets, codes, base, n, q, j + 1, pos + r.length, parts + 1, minParts, modes & (r.length === 1 ? FULL | INITIAL : FULL)),
        n,
      );
    }
    if (rest > 1 && r.length > 1)
      best = prefer(best, extend(sets, codes, base, n, q, j + 1, pos + 1, parts + 1, minParts, modes & INITIAL), n);
    if (rest > 2 && r.length > 2 && r.charCodeAt(1) === 104 /* h */ && q.charCodeAt(pos + 1) === 104 && isCompoundInitial(r.slice(0, 2))) {
      best = prefer(best, extend(sets, codes, base, n, q, j + 1, pos + 2, parts + 1, minParts, modes & INITIAL), n);
    }
  }
  return best;
}

function prefer(a: number, b: number, n: number): number {
  if (b === NO_MATCH) return a;
  if (a === NO_MATCH) return b;
  const wholeA = a >> 2 === n && (a & 3) !== 0;
  const wholeB = b >> 2 === n && (b & 3) !== 0;
  if (wholeA !== wholeB) return wholeB ? b : a;
  return b >> 2 < a >> 2 ? b : a;
}
