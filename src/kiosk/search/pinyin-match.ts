/**
 * Matching typed letters against the pinyin of a short field. Each character
 * (a "unit") may be typed as its full reading or its initial (d, zh); the last
 * one typed may be any prefix of a reading, so 'dib' already finds 低保. A
 * match that starts inside a field must span at least two units, otherwise
 * 'b' would match every 保 and 办 in the middle of every name.
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

export interface PinyinMatch {
  /** Units [from, to) matched. */
  from: number;
  to: number;
  /** Every unit typed in full, or every unit typed as its initial, and the match covers the whole field. */
  whole: boolean;
}

const LETTER_A = 97;

export function letterIndex(ch: string | undefined): number {
  if (!ch) return -1;
  const c = ch.charCodeAt(0) - LETTER_A;
  return c >= 0 && c < 26 ? c : -1;
}

/** Posting keys: pairs of first letters of adjacent units, and the first letter of a field's first unit. */
export const pairKey = (a: number, b: number) => a * 26 + b;
export const startKey = (a: number) => 676 + a;

/** Keys to index for one field: every combination of readings, so polyphones are all reachable. */
export function pinyinKeysOf(units: Unit[], emit: (key: number) => void): void {
  if (units.length === 0) return;
  for (const r of units[0]!.readings) {
    const a = letterIndex(r[0]);
    if (a >= 0) emit(startKey(a));
  }
  for (let j = 0; j + 1 < units.length; j++) {
    for (const r1 of units[j]!.readings) {
      const a = letterIndex(r1[0]);
      if (a < 0) continue;
      for (const r2 of units[j + 1]!.readings) {
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

/**
 * The earliest match of q in the units (the longest at that start), or null.
 * Tries starts left to right; fields are short, so the search stays small.
 */
export function matchPinyin(units: Unit[], q: string): PinyinMatch | null {
  for (let from = 0; from < units.length; from++) {
    const minParts = from === 0 ? 1 : 2;
    const found = extend(units, q, from, 0, 0, minParts, FULL | INITIAL);
    if (found) return { from, to: found.to, whole: from === 0 && found.to === units.length && found.modes !== 0 };
  }
  return null;
}

interface Extension {
  to: number;
  /** FULL and/or INITIAL when every part was typed that way. */
  modes: number;
}

function extend(units: Unit[], q: string, j: number, pos: number, parts: number, minParts: number, modes: number): Extension | null {
  const unit = units[j];
  if (!unit) return null;
  const rest = q.length - pos;
  let best: Extension | null = null;
  // Prefer a parse that covers the whole field in one typing mode, then the
  // shortest one ('zuidish' is 最低生 with 'sh' begun, not 最低生活 with 's', 'h').
  const wholeField = (e: Extension) => e.to === units.length && e.modes !== 0;
  const consider = (e: Extension | null) => {
    if (!e) return;
    if (!best || (wholeField(e) && !wholeField(best)) || (wholeField(e) === wholeField(best) && e.to < best.to)) best = e;
  };
  for (const r of unit.readings) {
    if (q.charCodeAt(pos) !== r.charCodeAt(0)) continue;
    // The last part typed: any prefix of the reading.
    if (rest <= r.length && parts + 1 >= minParts && r.startsWith(q.slice(pos))) {
      const m = (rest === r.length ? FULL : 0) | (rest === 1 || (rest === 2 && isCompoundInitial(r.slice(0, 2)) && r.length > 2) ? INITIAL : 0);
      consider({ to: j + 1, modes: modes & m });
    }
    if (rest > r.length && q.startsWith(r, pos)) consider(extend(units, q, j + 1, pos + r.length, parts + 1, minParts, modes & (r.length === 1 ? FULL | INITIAL : FULL)));
    if (rest > 1 && r.length > 1) consider(extend(units, q, j + 1, pos + 1, parts + 1, minParts, modes & INITIAL));
    if (rest > 2 && r.length > 2 && isCompoundInitial(r.slice(0, 2)) && q.startsWith(r.slice(0, 2), pos)) {
      consider(extend(units, q, j + 1, pos + 2, parts + 1, minParts, modes & INITIAL));
    }
  }
  return best;
}
