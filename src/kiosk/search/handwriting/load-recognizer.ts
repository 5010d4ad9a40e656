/**
 * Loads the handwriting model the first time the writing pad opens, never with
 * the home screen: the file is a hashed build asset the service worker has
 * precached, so this works offline. One recognizer per page, shared.
 */
import modelUrl from 'virtual:handwriting-model-url';
import { decodeModel } from './model-format';
import { HandwritingRecognizer } from './recognizer';

let loading: Promise<HandwritingRecognizer> | null = null;

export function loadRecognizer(): Promise<HandwritingRecognizer> {
  loading ??= fetchRecognizer().catch((err: unknown) => {
    // A failed load (e.g. an update removed the old asset mid-visit) may be retried on the next open.
    loading = null;
    throw err;
  });
  return loading;
}

async function fetchRecognizer(): Promise<HandwritingRecognizer> {
  const started = performance.now();
  const res = await fetch(modelUrl);
  if (!res.ok) throw new Error(`handwriting model: ${modelUrl} answered ${res.status}`);
  const recognizer = await HandwritingRecognizer.inSlices(decodeModel(new Uint8Array(await res.arrayBuffer())));
  performance.mark('shk:handwriting-ready', { detail: { characters: recognizer.size, ms: Math.round(performance.now() - started) } });
  return recognizer;
}
