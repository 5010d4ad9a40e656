/**
 * The outbox chunk, loaded after the first paint: opens the IndexedDB
 * outbox, moves waiting items in, and runs the sender (when this kiosk has a
 * token from registration). New items and the network coming back nudge it.
 */
import type { KioskConfig } from '../../shared/kiosk-config';
import { openOutbox } from '../outbox/outbox-store';
import { createSender } from '../outbox/sender';
import { attachSink, recordFeedback } from './track';

declare global {
  interface Window {
    /**
     * The outbox's front door, as screens use it (recordFeedback: id and time at creation, stored durably,
     * sender nudged). Page scripts of the kiosk's origin could write IndexedDB anyway, so this opens nothing
     * new; staff diagnostics and the exactly-once browser test create items through it.
     */
    shkFeedback?: { record: typeof recordFeedback; pending: () => Promise<number> };
  }
}

export function feedbackUrl(feedUrl: string, baseUrl: string): string {
  return new URL('/api/kiosk/feedback', new URL(feedUrl, baseUrl)).toString();
}

export async function startFeedback(options: { config: KioskConfig; now: () => number }) {
  const outbox = await openOutbox({ now: options.now });
  const token = options.config.heartbeatToken;
  const sender = token
    ? createSender({
        outbox,
        url: feedbackUrl(options.config.feedUrl, location.href),
        token,
        kioskId: options.config.kioskId,
        now: options.now,
        baseDelayMs: options.config.feedbackRetryBaseMs,
        maxDelayMs: options.config.feedbackRetryMaxMs,
      })
    : null;
  await attachSink({
    async add(item) {
      await outbox.add(item);
      // Ratings and messages go at once; usage rides along with the next periodic send.
      if (item.kind === 'rating' || item.kind === 'message') sender?.nudge();
    },
  });
  window.shkFeedback = { record: recordFeedback, pending: async () => (await outbox.stats()).pending };
  if (sender) {
    sender.start();
    addEventListener('online', () => sender.nudge());
  }
  return { outbox, sender };
}
