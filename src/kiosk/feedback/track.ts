/**
 * The small, always-loaded end of residents' feedback: screens call track()
 * and recordFeedback(); each item gets its permanent id and its time here, at
 * creation. Until the outbox chunk is loaded, items wait in memory (a few
 * seconds after start); from then on they go straight to IndexedDB.
 */
import type { FeedbackItemInput, UsageEventName } from '../../shared/feedback';
import { kioskLog } from '../log/kiosk-log';

export type NewItem = DistributiveOmit<FeedbackItemInput, 'id' | 'kioskId' | 'at'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface FeedbackSink {
  add(item: FeedbackItemInput): Promise<void>;
}

let kioskId = '';
let clock: () => number = Date.now;
let sink: FeedbackSink | null = null;
const waiting: FeedbackItemInput[] = [];
const MAX_WAITING = 2000;

/** crypto.randomUUID needs a secure context; kiosks on a LAN may be served over plain http. */
export function newItemId(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext !== false) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function configureFeedback(options: { kioskId: string; now?: () => number }): void {
  kioskId = options.kioskId;
  if (options.now) clock = options.now;
}

/** Called by the outbox runtime once IndexedDB is open: everything waiting moves there. */
export async function attachSink(next: FeedbackSink): Promise<void> {
  sink = next;
  while (waiting.length) await next.add(waiting.shift()!);
}

/** Creates the item (id and time now) and hands it to the outbox; resolves once it is stored durably. */
export function recordFeedback(item: NewItem): Promise<void> {
  const full = { ...item, id: newItemId(), kioskId, at: new Date(clock()).toISOString() } as FeedbackItemInput;
  if (sink) return sink.add(full);
  // Ratings and messages are never dropped, even before the outbox is up; usage may be if memory fills.
  if (full.kind !== 'usage' || waiting.length < MAX_WAITING) waiting.push(full);
  return Promise.resolve();
}

/** A usage event: no personal data, only an event name, a screen or content id, and numbers. */
export function track(event: UsageEventName, extra: { target?: string; results?: number; query?: string } = {}): void {
  if (!kioskId) return;
  const query = event === 'search' && extra.results === 0 ? (extra.query ?? '').trim().slice(0, 60) : '';
  void recordFeedback({
    kind: 'usage',
    event,
    target: (extra.target ?? '').slice(0, 80),
    results: extra.results ?? null,
    query,
  }).catch((err: unknown) => kioskLog.warn('usage event not stored', err));
}
