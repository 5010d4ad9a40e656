/** Bundled by scripts/bench-search/handwriting.ts and run in Chromium: the kiosk's handwriting recognizer, unchanged. */
import { decodeModel, type Stroke } from '../../src/kiosk/search/handwriting/model-format';
import { HandwritingRecognizer } from '../../src/kiosk/search/handwriting/recognizer';

declare global {
  interface Window {
    handwritingBench: typeof api;
  }
}

let recognizer: HandwritingRecognizer | null = null;

const api = {
  /** Fetches, decodes and prepares the model, as the pad does when it first opens; returns the time taken. */
  async load(url: string): Promise<number> {
    const t0 = performance.now();
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    recognizer = new HandwritingRecognizer(decodeModel(bytes));
    return performance.now() - t0;
  },
  /** Recognises each writing as the pad does: after every stroke, with the strokes so far. */
  run(writings: Stroke[][]): { afterStroke: number[]; perCharacter: number[] } {
    const afterStroke: number[] = [];
    const perCharacter: number[] = [];
    for (const strokes of writings) {
      let total = 0;
      for (let n = 1; n <= strokes.length; n++) {
        const t0 = performance.now();
        recognizer!.recognize(strokes.slice(0, n), 10);
        const ms = performance.now() - t0;
        afterStroke.push(ms);
        total += ms;
      }
      perCharacter.push(total);
    }
    return { afterStroke, perCharacter };
  },
};

window.handwritingBench = api;
