/**
 * Simplified → traditional conversion of content for 繁體 mode, with opencc-js
 * (its cn→tw dictionaries, ~1 MB: a lazy chunk, loaded when 繁體 is first
 * chosen, precached by the service worker like every chunk). Conversions are
 * cached: the same guide text is converted once per page session.
 */
import { Converter } from 'opencc-js/cn2t';
import { convertContentInPlace } from './convert-dom';

const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;
const toTraditional = Converter({ from: 'cn', to: 'tw' });

export function simplifiedToTraditional(text: string): string {
  if (!/[\u3400-\u9fff]/.test(text)) return text;
  let out = cache.get(text);
  if (out === undefined) {
    out = toTraditional(text);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, out);
  }
  return out;
}

/** Starts converting the content under `root`; the result's stop() restores simplified text. */
export function showContentInTraditional(root: HTMLElement): { stop(): void } {
  return convertContentInPlace(root, simplifiedToTraditional);
}
