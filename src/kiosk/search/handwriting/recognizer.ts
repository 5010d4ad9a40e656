/**
 * Offline handwriting recognition over the model's characters. Every template
 * is turned into a directional feature vector once (features.ts); a writing is
 * compared with all of them by cosine similarity, with a small penalty for a
 * stroke count far from the template's (joined or split strokes move the count
 * by one or two, so the penalty is gentle). One pass over 3,500 templates is
 * about 1.8 million multiply-adds: a few milliseconds, so no index is needed.
 */
import { featureVector, FEATURE_LENGTH, normalizeStrokes } from './features';
import type { CharacterTemplate, Stroke } from './model-format';

export interface Candidate {
  char: string;
  score: number;
}

/** Cosine similarity lost per stroke of difference beyond the first. */
const STROKE_COUNT_PENALTY = 0.02;

export class HandwritingRecognizer {
  readonly size: number;
  private readonly chars: string[];
  private readonly strokeCounts: Uint8Array;
  private readonly features: Float32Array;
  private readonly scratch = new Float32Array(FEATURE_LENGTH);

  constructor(templates: readonly CharacterTemplate[]) {
    this.size = templates.length;
    this.chars = templates.map((t) => t.char);
    this.strokeCounts = Uint8Array.from(templates.map((t) => t.strokes.length));
    this.features = new Float32Array(this.size * FEATURE_LENGTH);
    templates.forEach((t, i) =>
      featureVector(normalizeStrokes(t.strokes), this.features.subarray(i * FEATURE_LENGTH, (i + 1) * FEATURE_LENGTH)),
    );
  }

  /** The best `limit` characters for the strokes written so far, best first. Empty for no ink. */
  recognize(strokes: readonly Stroke[], limit = 10): Candidate[] {
    const ink = strokes.filter((s) => s.length >= 2);
    if (ink.length === 0) return [];
    const q = featureVector(normalizeStrokes(ink), this.scratch);
    const n = ink.length;
    const best: Candidate[] = [];
    let floor = -Infinity;
    const f = this.features;
    // A local length: an imported binding can compile to a property read on every iteration.
    const length = FEATURE_LENGTH;
    for (let c = 0; c < this.size; c++) {
      let dot = 0;
      const base = c * length;
      for (let i = 0; i < length; i++) dot += q[i]! * f[base + i]!;
      const diff = Math.abs(this.strokeCounts[c]! - n);
      const score = dot - STROKE_COUNT_PENALTY * Math.max(0, diff - 1) - (STROKE_COUNT_PENALTY / 2) * Math.min(diff, 1);
      if (best.length < limit || score > floor) {
        insertSorted(best, { char: this.chars[c]!, score }, limit);
        floor = best[best.length - 1]!.score;
      }
    }
    return best;
  }
}

function insertSorted(list: Candidate[], item: Candidate, limit: number): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.score < item.score) i--;
  list.splice(i, 0, item);
  if (list.length > limit) list.pop();
}
