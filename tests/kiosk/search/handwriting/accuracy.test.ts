/**
 * Handwriting accuracy without a browser: 500 level-1 characters, chosen by a
 * seeded shuffle, are written from Make Me a Hanzi's full-precision stroke
 * medians with a finger's distortions (size, aspect, slant, rotation, shifted
 * strokes, longer or shorter stroke ends, wobble and jitter, strokes joined or
 * split; scripts/handwriting/simulate-writing.ts) and recognised with the
 * model the kiosk ships. The bar: the written character among the
 * first five candidates for at least 90 %, first for at least 75 %.
 * The figures are printed for docs/benchmarks.md.
 */
import { describe, expect, it } from 'vitest';
import { levelOneCharacters, LEVEL_ONE_COUNT, sourceMedians, buildModelBytes } from '../../../../scripts/handwriting/build-model';
import { seededRandom, simulateWriting } from '../../../../scripts/handwriting/simulate-writing';
import { decodeModel } from '../../../../src/kiosk/search/handwriting/model-format';
import { HandwritingRecognizer } from '../../../../src/kiosk/search/handwriting/recognizer';

const SAMPLE = 500;
const SEED = 20261201;

describe('handwriting recognition accuracy', () => {
  it(`finds ${SAMPLE} distorted level-1 characters: ≥ 90 % in the first five, ≥ 75 % first`, { timeout: 120_000 }, () => {
    const chars = levelOneCharacters();
    expect(chars).toHaveLength(LEVEL_ONE_COUNT);
    const recognizer = new HandwritingRecognizer(decodeModel(buildModelBytes(chars)));
    expect(recognizer.size).toBe(LEVEL_ONE_COUNT);

    const rand = seededRandom(SEED);
    const order = chars.map((c) => ({ c, k: rand() })).sort((a, b) => a.k - b.k);
    const sample = order.slice(0, SAMPLE).map((o) => o.c);
    let first = 0,
      topFive = 0,
      joined = 0,
      split = 0;
    const misses: string[] = [];
    for (const char of sample) {
      const medians = sourceMedians(char);
      const written = simulateWriting(medians, rand);
      if (written.length < medians.length) joined++;
      if (written.length > medians.length) split++;
      const rank = recognizer.recognize(written, 10).findIndex((c) => c.char === char);
      if (rank === 0) first++;
      if (rank >= 0 && rank < 5) topFive++;
      else misses.push(char);
    }
    const pct = (n: number) => Math.round((1000 * n) / SAMPLE) / 10;
    console.log(
      `handwriting accuracy (${SAMPLE} characters, seed ${SEED}): first ${pct(first)} %, first five ${pct(topFive)} %; ` +
        `${joined} written with strokes joined, ${split} with a stroke split; not in the first five: ${misses.join('') || 'none'}`,
    );
    // The distortions really happened (a test of the test): some writings joined or split strokes.
    expect(joined).toBeGreaterThan(SAMPLE * 0.1);
    expect(split).toBeGreaterThan(SAMPLE * 0.1);
    expect(topFive / SAMPLE).toBeGreaterThanOrEqual(0.9);
    expect(first / SAMPLE).toBeGreaterThanOrEqual(0.75);
  });
});
