/**
 * Offline handwriting recognition over the model's characters. Every template
 * is turned into a directional feature vector once (features.ts); a writing is
 * compared with all of them by cosine similarity, with a small penalty for a
 * stroke count far from the template's (joined or split strokes move the count
 * by one or two, so the penalty is gentle). A coarse pass on maps pooled to
 * 4×4 cells ranks all 3,500 templates (450,000 multiply-adds); the best 150
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
/** Templates the coarse pass hands to the full comparison. */
const SHORTLIST = 150;

export class HandwritingRecognizer {
  readonly size: number;
  private readonly chars: string[];
  private readonly strokeCounts: Uint8Array;
  private readonly features: Float32Array;
  /** The same maps pooled to 4×4 cells, for the coarse first pass. */
  private readonly pooled: Float32Array;
  private readonly scratch = new Float32Array(FEATURE_LENGTH);
  private readonly pooledScratch = new Float32Array(POOLED_LENGTH);

  /** Prepares every template at once (tests, benches, Node). */
  constructor(templates: readonly CharacterTemplate[], prepare = true) {
    this.size = templates.length;
    this.chars = templates.map((t) => t.char);
    this.strokeCounts = Uint8Array.from(templates.map((t) => t.strokes.length));
    this.features = new Float32Array(this.size * FEATURE_LENGTH);
    this.pooled = new Float32Array(this.size * POOLED_LENGTH);
    if (prepare) this.prepare(templates, 0, this.size);
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
        recognizer.prepare(templates, next, end);
        next = end;
      } while (next < templates.length && performance.now() - start < sliceMs);
      if (next < templates.length) await pause();
    }
    return recognizer;
  }

  private prepare(templates: readonly CharacterTemplate[], from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const map = featureVector(
        normalizeStrokes(templates[i]!.strokes),
        this.features.subarray(i * FEATURE_LENGTH, (i + 1) * FEATURE_LENGTH),
      );
      pool(map, this.pooled.subarray(i * POOLED_LENGTH, (i + 1) * POOLED_LENGTH));
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
    const shortlist: { index: number; score: number }[] = [];
    const wanted = Math.max(SHORTLIST, limit);
    let floor = -Infinity;
    const p = this.pooled,
      pq = this.pooledScratch;
    for (let c = 0; c < this.size; c++) {
      let dot = 0;
      const base = c * coarse;
      for (let i = 0; i < coarse; i++) dot += pq[i]! * p[base + i]!;
      const score = dot - this.strokePenalty(c, n);
      if (shortlist.length < wanted || score > floor) {
        insertSorted(shortlist, { index: c, score }, wanted);
        floor = shortlist[shortlist.length - 1]!.score;
      }
    }

    // Stage 2: the shortlist, on the full map.
    const best: Candidate[] = [];
    const f = this.features;
    for (const entry of shortlist) {
      const c = entry.index;
      let dot = 0;
      const base = c * full;
      for (let i = 0; i < full; i++) dot += q[i]! * f[base + i]!;
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

function insertSorted<T extends { score: number }>(list: T[], item: T, limit: number): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.score < item.score) i--;
  list.splice(i, 0, item);
  if (list.length > limit) list.pop();
}
