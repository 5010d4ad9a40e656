/**
 * Read-aloud state that belongs to the visit, kept out of the lazy voice code
 * so the idle reset can end it cheaply: the player that is speaking (if any)
 * and the volume, which goes back to its default for every new visitor
 * (EN 301 549 §5.1.3.x: a volume raised by one person must not blast the next).
 */
export const DEFAULT_VOLUME = 0.8;

let volume = DEFAULT_VOLUME;
const stoppers = new Set<() => void>();
const volumeListeners = new Set<(v: number) => void>();

export function currentVolume(): number {
  return volume;
}

export function setVolume(next: number): void {
  volume = Math.min(1, Math.max(0.2, Math.round(next * 10) / 10));
  for (const fn of volumeListeners) fn(volume);
}

export function onVolumeChange(fn: (v: number) => void): () => void {
  volumeListeners.add(fn);
  return () => volumeListeners.delete(fn);
}

/** A player registers how to stop it; the idle reset and leaving a screen call it. */
export function registerSpeech(stop: () => void): () => void {
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}

/** For the idle reset: silence, and the default volume for the next person. */
export function endVisitSpeech(): void {
  for (const stop of [...stoppers]) stop();
  globalThis.speechSynthesis?.cancel();
  setVolume(DEFAULT_VOLUME);
}
