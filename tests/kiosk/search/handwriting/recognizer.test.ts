/** The model file round-trips; the recognizer answers sensibly at the edges (no ink, one stroke, a scrawl). */
import { describe, expect, it } from 'vitest';
import { levelOneCharacters, modelTemplates, sourceMedians } from '../../../../scripts/handwriting/build-model';
import { decodeModel, encodeModel, MODEL_GRID } from '../../../../src/kiosk/search/handwriting/model-format';
import { HandwritingRecognizer } from '../../../../src/kiosk/search/handwriting/recognizer';

const CHARS = [...'一二三十土士己已低保人入八口日目'];

describe('handwriting model file', () => {
  it('decodes to exactly the strokes it encoded, on the model grid', () => {
    const templates = modelTemplates(CHARS);
    const decoded = decodeModel(encodeModel(templates));
    expect(decoded).toEqual(templates);
    for (const t of decoded)
      for (const s of t.strokes) for (const v of s) (expect(v).toBeGreaterThanOrEqual(0), expect(v).toBeLessThan(MODEL_GRID));
  });

  it('refuses a file that is not a model, or is cut short, with a message saying so', () => {
    expect(() => decodeModel(new TextEncoder().encode('<html>'))).toThrow(/expected HWM1/);
    const bytes = encodeModel(modelTemplates(['保']));
    expect(() => decodeModel(bytes.subarray(0, bytes.length - 3))).toThrow(/ends early/);
  });
});

describe('handwriting recognizer', () => {
  const recognizer = new HandwritingRecognizer(modelTemplates(CHARS));

  it('offers nothing before the first stroke', () => {
    expect(recognizer.recognize([])).toEqual([]);
    expect(recognizer.recognize([[]])).toEqual([]);
  });

  it('recognises clean medians at any size and place, best first, at most the limit asked', () => {
    for (const char of ['低', '保', '己', '已', '土', '士']) {
      const strokes = sourceMedians(char).map((s) => s.map((v, i) => (i % 2 ? v * 0.3 + 40 : v * 0.3 + 10)));
      const candidates = recognizer.recognize(strokes, 8);
      expect(candidates[0]?.char, char).toBe(char);
      expect(candidates).toHaveLength(8);
      expect(candidates.map((c) => c.score)).toEqual([...candidates.map((c) => c.score)].sort((a, b) => b - a));
    }
  });

  it('prepared in slices (as the kiosk does), it answers exactly as one prepared at once', async () => {
    let pauses = 0;
    const templates = modelTemplates([...levelOneCharacters().slice(0, 120), '低']);
    const sliced = await HandwritingRecognizer.inSlices(templates, 0, async () => void pauses++);
    expect(pauses).toBeGreaterThan(0);
    const once = new HandwritingRecognizer(templates);
    const strokes = sourceMedians('低');
    expect(sliced.recognize(strokes)).toEqual(once.recognize(strokes));
  });

  it('reads one horizontal stroke as 一 and three stacked ones as 三', () => {
    expect(recognizer.recognize([[10, 100, 200, 98]])[0]?.char).toBe('一');
    const three = [
      [30, 40, 170, 40],
      [40, 100, 160, 100],
      [10, 170, 190, 168],
    ];
    expect(recognizer.recognize(three)[0]?.char).toBe('三');
  });
});
