import 'fake-indexeddb/auto';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { openOutbox, type Outbox } from '../../../src/kiosk/outbox/outbox-store';
import { createSender } from '../../../src/kiosk/outbox/sender';
import { FeedbackItem, type FeedbackItemInput } from '../../../src/shared/feedback';

let dbCounter = 0;
const KIOSK = 'kiosk-county-1';

/**
 * The server as the outbox sees it: stores each id once, validates every item
 * with the shared schema, and counts usage the way the real one folds it.
 */
function fakeServer() {
  const stored = new Map<string, FeedbackItemInput>();
  let usageTotal = 0;
  let mode: 'ok' | 'down' | 'lose-answer' = 'ok';
  const fetch = async (_url: string | URL | Request, init?: RequestInit) => {
    if (mode === 'down') throw new TypeError('Failed to fetch');
    const body = JSON.parse(String(init!.body)) as { items: FeedbackItemInput[] };
    const receipt = { stored: [] as string[], duplicates: [] as string[], rejected: [] as unknown[] };
    for (const item of body.items) {
      const parsed = v.safeParse(FeedbackItem, item);
      if (!parsed.success)
        throw new Error(`outbox sent an invalid item: ${JSON.stringify(parsed.issues[0]?.path)} ${parsed.issues[0]?.message}`);
      if (stored.has(item.id)) {
        receipt.duplicates.push(item.id);
        continue;
      }
      stored.set(item.id, item);
      receipt.stored.push(item.id);
      if (item.kind === 'usage') usageTotal += item.event === 'search' && item.results === 0 ? 2 : 1;
      if (item.kind === 'usage-daily') usageTotal += Object.values(item.counts).reduce((a, b) => a + b, 0);
    }
    // Stored, but the answer never reaches the kiosk (the network dropped on the way back).
    if (mode === 'lose-answer') throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify(receipt), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return { stored, fetch, usageTotal: () => usageTotal, setMode: (m: typeof mode) => (mode = m) };
}

type Op =
  | { op: 'rating'; level: 1 | 2 | 3 | 4 | 5 }
  | { op: 'message' }
  | { op: 'usage'; zero: boolean }
  | { op: 'send'; mode: 'ok' | 'down' | 'lose-answer'; size: number }
  | { op: 'reload' }
  | { op: 'nextDay' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('rating' as const),
      level: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const, 5 as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('message' as const) }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('usage' as const), zero: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('send' as const),
      mode: fc.constantFrom('ok' as const, 'down' as const, 'lose-answer' as const),
      size: fc.integer({ min: 1, max: 6 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reload' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('nextDay' as const) }) },
);

describe('outbox (property)', () => {
  it('delivers every rating and message exactly once and every usage event counted exactly once, whatever fails', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 60 }), fc.integer({ min: 3, max: 12 }), async (ops, capacity) => {
        const name = `outbox-prop-${process.pid}-${++dbCounter}`;
        let clock = Date.parse('2026-11-23T09:00:00+08:00');
        const now = () => clock;
        const open = () => openOutbox({ name, capacity, now });
        let outbox: Outbox = await open();
        const server = fakeServer();
        const added = { ratings: new Set<string>(), messages: new Set<string>(), usage: 0 };
        const sender = () =>
          createSender({
            outbox,
            url: 'http://server/api/kiosk/feedback',
            token: 't'.repeat(40),
            kioskId: KIOSK,
            fetch: server.fetch as typeof fetch,
            now,
          });

        for (const op of ops) {
          clock += 60_000;
          const base = { id: crypto.randomUUID(), kioskId: KIOSK, at: new Date(clock).toISOString() };
          if (op.op === 'rating') {
            await outbox.add({ ...base, kind: 'rating', level: op.level, subject: { type: 'visit' } });
            added.ratings.add(base.id);
          } else if (op.op === 'message') {
            await outbox.add({ ...base, kind: 'message', category: 'suggest', departmentId: 'dept-mz', text: '建议增加座椅' });
            added.messages.add(base.id);
          } else if (op.op === 'usage') {
            await outbox.add(
              op.zero
                ? { ...base, kind: 'usage', event: 'search', results: 0, query: '给娃办户口' }
                : { ...base, kind: 'usage', event: 'guide', target: 'guide-1' },
            );
            added.usage += op.zero ? 2 : 1;
          } else if (op.op === 'send') {
            server.setMode(op.mode);
            await createSender({
              outbox,
              url: 'u',
              token: 't'.repeat(40),
              kioskId: KIOSK,
              fetch: server.fetch as typeof fetch,
              now,
              batchSize: op.size,
            }).sendOnce();
          } else if (op.op === 'reload') {
            outbox.close();
            outbox = await open();
          } else {
            clock += 86_400_000;
          }
          // Bounded: raw usage never grows past the capacity (ratings and messages may; they are never dropped).
          const entries = await outbox.all();
          const usageEntries = entries.filter((e) => e.item.kind === 'usage').length;
          expect(usageEntries).toBeLessThanOrEqual(capacity);
        }

        // The network comes back for good: drain.
        server.setMode('ok');
        const drain = sender();
        for (let i = 0; i < 1000 && (await outbox.stats()).pending > 0; i++) await drain.sendOnce();
        expect((await outbox.stats()).pending).toBe(0);

        const storedRatings = [...server.stored.values()].filter((i) => i.kind === 'rating').map((i) => i.id);
        const storedMessages = [...server.stored.values()].filter((i) => i.kind === 'message').map((i) => i.id);
        expect(new Set(storedRatings)).toEqual(added.ratings);
        expect(storedRatings).toHaveLength(added.ratings.size);
        expect(new Set(storedMessages)).toEqual(added.messages);
        expect(server.usageTotal()).toBe(added.usage);
        outbox.close();
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('keeps items across a reload and keeps their ids', async () => {
    const name = `outbox-reload-${process.pid}`;
    const first = await openOutbox({ name });
    const id = crypto.randomUUID();
    await first.add({
      id,
      kind: 'rating',
      kioskId: KIOSK,
      at: new Date().toISOString(),
      level: 2,
      subject: { type: 'visit' },
      reasons: ['long-wait'],
    });
    first.close();
    const again = await openOutbox({ name });
    expect((await again.all()).map((e) => e.id)).toEqual([id]);
    again.close();
  });
});
