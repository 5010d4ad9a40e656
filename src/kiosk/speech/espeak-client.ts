/** Talks to the offline-voice worker: one worker per page, started on the first request. */
import type { SynthAnswer, SynthRequest } from './espeak-worker';

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (wav: ArrayBuffer) => void; reject: (err: Error) => void }>();

function ensureWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./espeak-worker.ts', import.meta.url), { type: 'module', name: 'shk-voice' });
  worker.onmessage = (event: MessageEvent<SynthAnswer>) => {
    const answer = event.data;
    if (answer.id === -1) {
      // The voice module itself failed to load: every request in flight fails.
      for (const p of pending.values()) p.reject(new Error('error' in answer ? answer.error : 'voice failed'));
      pending.clear();
      return;
    }
    const p = pending.get(answer.id);
    if (!p) return;
    pending.delete(answer.id);
    if ('wav' in answer) p.resolve(answer.wav);
    else p.reject(new Error(answer.error));
  };
  return worker;
}

/** Mandarin speech for `text` as a WAV file (16-bit mono). */
export function synthesizeMandarin(text: string, rate = 150): Promise<ArrayBuffer> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    ensureWorker().postMessage({ id, text, rate } satisfies SynthRequest);
  });
}
