/**
 * Offline handwriting recognition over the model's characters. Every template
 * is turned into a directional feature vector once (features.ts); a writing is
 * compared with all of them by cosine similarity, with a small penalty for a
 * stroke count far from the template's (joined or split strokes move the count
 * by one or two, so the penalty is gentle). A coarse pass on maps pooled to
 * 4×4 cells ranks the templates (only the cells the writing has ink in, only
 * templates that do not have far fewer strokes than written); the best 150
 * are then compared on the full 8×8 map. A few milliseconds, no index needed.
 */
import { DIRECTIONS, featureVector, FEATURE_LENGTH, GRID, normalizeStrokes } from './features';
import type { CharacterTemplate, Stroke } from './model-format';

export interface Candidate {
  char: string;
  score: number;
}

/** Cosine similarity lost per stroke of difference beyond the first. */
const STROKE_COUNT_PENALTY = 0.02;
const POOLED_LENGTH = (GRID / 2) * (GRID / 2) * DIRECTIONS;
/**
 * A template with more than this many strokes fewer than the writing is not compared: that many
 * surplus strokes are not a joined or split stroke but another character (its penalty, 0.09 and
 * up, already ranks it below the real candidates).
 */
const MAX_FEWER_STROKES = 5;
/** Templates the coarse pass hands to the full comparison. */
const SHORTLIST = 150;

export class HandwritingRecognizer {
  readonly size: number;
  /** The templates ordered by stroke count, so those a writing has outgrown are one leading range. */
  private readonly templates: readonly CharacterTemplate[];
  /** `fromCount[k]`: the first template (in that order) with at least k strokes. */
  private readonly fromCount: Uint16Array;
  private readonly chars: string[];
  private readonly strokeCounts: Uint8Array;
  private readonly features: Float32Array;
  /**
   * The same maps pooled to 4×4 cells, for the coarse first pass, stored cell by cell (entry i of
   * template c at i * size + c): the pass then runs along one cell for every template at a time.
   */
  private readonly pooledByCell: Float32Array;
  private readonly pooledTemplate = new Float32Array(POOLED_LENGTH);
  private readonly scratch = new Float32Array(FEATURE_LENGTH);
  private readonly pooledScratch = new Float32Array(POOLED_LENGTH);
  /** Indexes of the writing's non-zero entries (full map), reused between strokes. */
  private readonly cells = new Uint16Array(FEATURE_LENGTH);
  /** Every template's coarse score for the current writing, and room to select the best of them. */
  private readonly coarseScores: Float64Array;
  private readonly selectScratch: Float64Array;

  /** Prepares every template at once (tests, benches, Node). */
  constructor(templates: readonly CharacterTemplate[], prepare = true) {
    this.size = templates.length;
    // Stable: equal counts keep the model's order (its tie-break among equal scores).
    this.templates = [...templates].sort((a, b) => a.strokes.length - b.strokes.length);
    this.chars = this.templates.map((t) => t.char);
    this.strokeCounts = Uint8Array.from(this.templates.map((t) => t.strokes.length));
    const most = this.size ? this.strokeCounts[this.size - 1]! : 0;
    this.fromCount = new Uint16Array(most + 2);
    for (let k = 0, c = 0; k < this.fromCount.length; k++) {
      while (c < this.size && this.strokeCounts[c]! < k) c++;
      this.fromCount[k] = c;
    }
    this.coarseScores = new Float64Array(this.size);
    this.selectScratch = new Float64Array(this.size);
    this.features = new Float32Array(this.size * FEATURE_LENGTH);
    this.pooledByCell = new Float32Array(this.size * POOLED_LENGTH);
    if (prepare) this.prepare(0, this.size);
  }

  /**
   * As the kiosk builds it: templates prepared in slices of about `sliceMs`,
   * yielding to the page between them, so a slow kiosk never freezes while the
   * pad opens.
   */
  static async inSlices(
    templates: readonly CharacterTemplate[],
    sliceMs = 25,
    pause: () => Promise<void> = () => new Promise<void>((r) => setTimeout(r, 0)),
  ): Promise<HandwritingRecognizer> {
    const recognizer = new HandwritingRecognizer(templates, false);
    let next = 0;
    while (next < templates.length) {
      const start = performance.now();
      do {
        const end = Math.min(templates.length, next + 50);
        recognizer.prepare(next, end);
        next = end;
      } while (next < templates.length && performance.now() - start < sliceMs);
      if (next < templates.length) await pause();
    }
    return recognizer;
  }

  private prepare(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const map = featureVector(
        normalizeStrokes(this.templates[i]!.strokes),
        this.features.subarray(i * FEATURE_LENGTH, (i + 1) * FEATURE_LENGTH),
      );
      const pooled = pool(map, this.pooledTemplate);
      for (let k = 0; k < POOLED_LENGTH; k++) this.pooledByCell[k * this.size + i] = pooled[k]!;
    }
  }

  /** The best `limit` characters for the strokes written so far, best first. Empty for no ink. */
  recognize(strokes: readonly Stroke[], limit = 10): Candidate[] {
    const ink = strokes.filter((s) => s.length >= 2);
    if (ink.length === 0) return [];
    const q = featureVector(normalizeStrokes(ink), this.scratch);
    pool(q, this.pooledScratch);
    const n = ink.length;
    // Locals: an imported binding can compile to a property read on every iteration.
    const full = FEATURE_LENGTH,
      coarse = POOLED_LENGTH;

    // Stage 1: every template, on the coarse map (a quarter of the work).
    const wanted = Math.max(SHORTLIST, limit);
    const p = this.pooledByCell,
      pq = this.pooledScratch,
      scores = this.coarseScores,
      size = this.size;
    // Templates with far fewer strokes than written so far are out of the race for good (the stroke
    // penalty alone puts them behind), so each further stroke compares fewer of them.
    // Never fewer than the shortlist, though: a scribble of many strokes still gets its candidates.
    const outgrown = this.fromCount[Math.min(this.fromCount.length - 1, Math.max(0, n - MAX_FEWER_STROKES))]!;
    const first = Math.max(0, Math.min(outgrown, size - wanted));
    scores.fill(0, first, size);
    // Only the cells the writing has ink in count (early strokes cover few of them), each added to
    // every template's score in one run along memory.
    for (let i = 0; i < coarse; i++) {
      const w = pq[i]!;
      if (w === 0) continue;
      const row = i * size;
      for (let c = first; c < size; c++) scores[c]! += w * p[row + c]!;
    }
    for (let c = first; c < size; c++) scores[c]! -= this.strokePenalty(c, n);
    const shortlist = topScores(scores, first, this.size, wanted, this.selectScratch);

    // Stage 2: the shortlist, on the full map.
    const best: Candidate[] = [];
    const f = this.features;
    const cells = nonZero(q, this.cells);
    const inked = cells.length;
    for (const c of shortlist) {
      let dot = 0;
      const base = c * full;
      for (let k = 0; k < inked; k++) {
        const i = cells[k]!;
        dot += q[i]! * f[base + i]!;
      }
      insertSorted(best, { char: this.chars[c]!, score: dot - this.strokePenalty(c, n) }, limit);
    }
    return best;
  }

  /** Joined or split strokes move the count by one or two, so one stroke off costs half as much as each further one. */
  private strokePenalty(c: number, n: number): number {
    const diff = Math.abs(this.strokeCounts[c]! - n);
    return STROKE_COUNT_PENALTY * Math.max(0, diff - 1) + (STROKE_COUNT_PENALTY / 2) * Math.min(diff, 1);
  }
}

/** Sums 2×2 cells of the feature map into a 4×4 map per direction, scaled to unit length. */
function pool(features: Float32Array, out: Float32Array): Float32Array {
  out.fill(0);
  const half = GRID / 2;
  for (let y = 0; y < GRID; y++)
    for (let x = 0; x < GRID; x++) {
      const from = (y * GRID + x) * DIRECTIONS,
        to = (((y >> 1) * half + (x >> 1)) * DIRECTIONS) | 0;
      for (let d = 0; d < DIRECTIONS; d++) out[to + d]! += features[from + d]!;
    }
  let norm = 0;
  for (let i = 0; i < out.length; i++) norm += out[i]! * out[i]!;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}

/**
 * The indexes in [from, to) of the `wanted` best scores, best first (equal scores: lower index
 * first). A selection in linear time, then a sort of the few chosen; keeping a sorted list while
 * scanning cost as much as the scan itself.
 */
function topScores(scores: Float64Array, from: number, to: number, wanted: number, scratch: Float64Array): number[] {
  const count = to - from;
  let threshold = -Infinity;
  if (count > wanted) {
    const work = scratch.subarray(0, count);
    work.set(scores.subarray(from, to));
    threshold = kthLargest(work, wanted);
  }
  const chosen: number[] = [];
  for (let c = from; c < to; c++) if (scores[c]! > threshold) chosen.push(c);
  for (let c = from; c < to && chosen.length < wanted; c++) if (scores[c] === threshold) chosen.push(c);
  return chosen.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/** The k-th largest value (1-based) of `values`, which it reorders (Hoare's selection). */
function kthLargest(values: Float64Array, k: number): number {
  let lo = 0,
    hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo,
      j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target]!;
}

/** The indexes of `values`' non-zero entries, written into `into`; a view of the part used. */
function nonZero(values: Float32Array, into: Uint16Array): Uint16Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) into[n++] = i;
  return into.subarray(0, n);
}

function insertSorted<T extends { score: number }>(list: T[], item: T, limit: number): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.score < item.score) i--;
  list.splice(i, 0, item);
  if (list.length > limit) list.pop();
}
