/**
 * Usage reports read a roll-up per (event, day, kiosk) kept in the ingest
 * transaction: after random batches (retries and duplicate ids included) it
 * must equal the counts added up from the stored events themselves, for any
 * range; and a database from before the roll-up gets it filled once when the
 * migration runs.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteFeedbackStore } from '../../../src/server/feedback/store/sqlite-feedback-store';
import type { IngestRow } from '../../../src/server/feedback/types';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'usage-rollup-'));
  dirs.push(dir);
  return dir;
};

const EVENTS = ['visit', 'qr', 'print'] as const;
const DAYS = ['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'];
const KIOSKS = ['k1', 'k2', 'k3'];

const usageRow = fc.record({
  id: fc.integer({ min: 0, max: 40 }).map((n) => `u-${n}`),
  kioskId: fc.constantFrom(...KIOSKS),
  day: fc.constantFrom(...DAYS),
  counts: fc.array(
    fc.record({
      event: fc.constantFrom(...EVENTS),
      target: fc.constantFrom('', 'guide-1', 'guide-2', 'forms/a.pdf'),
      n: fc.integer({ min: 1, max: 9 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

type UsageRow = { id: string; kioskId: string; day: string; counts: { event: string; target: string; n: number }[] };

/** The counts as the events say, each id once (the first time it was sent wins, as the store's registry does). */
function expected(batches: UsageRow[][], event: string, from: string, to: string) {
  const seen = new Set<string>();
  const cells = new Map<string, number>();
  for (const batch of batches)
    for (const row of batch) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      if (row.day < from || row.day > to) continue;
      for (const c of row.counts)
        if (c.event === event) cells.set(`${row.day} ${row.kioskId}`, (cells.get(`${row.day} ${row.kioskId}`) ?? 0) + c.n);
    }
  const byKioskAndDay = [...cells]
    .map(([key, count]) => ({ kioskId: key.split(' ')[1]!, day: key.split(' ')[0]!, count }))
    .sort((a, b) => (a.day === b.day ? (a.kioskId < b.kioskId ? -1 : 1) : a.day < b.day ? -1 : 1));
  const sumBy = (key: (x: (typeof byKioskAndDay)[number]) => string) => {
    const m = new Map<string, number>();
    for (const x of byKioskAndDay) m.set(key(x), (m.get(key(x)) ?? 0) + x.count);
    return [...m].sort(([a], [b]) => (a < b ? -1 : 1));
  };
  return {
    byKioskAndDay,
    byDay: sumBy((x) => x.day).map(([day, count]) => ({ day, count })),
    byKiosk: sumBy((x) => x.kioskId).map(([kioskId, count]) => ({ kioskId, count })),
  };
}

const toIngest = (batch: UsageRow[]): IngestRow[] =>
  batch.map((r) => ({
    kind: 'usage',
    id: r.id,
    kioskId: r.kioskId,
    hallId: 'hall-county',
    at: `${r.day}T02:00:00.000Z`,
    day: r.day,
    counts: r.counts.map((c) => ({ key: { event: c.event, target: c.target }, n: c.n })),
  }));

describe('usage roll-up per kiosk and day', () => {
  it('equals the counts of the stored events, for any range, through retried batches', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(usageRow, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...EVENTS),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        async (batches, event, a, b) => {
          const store = openSqliteFeedbackStore({ dataDir: tempDir() });
          try {
            for (const batch of batches) {
              await store.ingest(toIngest(batch), '2026-12-02T03:00:00.000Z');
              // Every batch is retried once, as after a lost answer: nothing may count twice.
              await store.ingest(toIngest(batch), '2026-12-02T03:00:01.000Z');
            }
            const [from, to] = [DAYS[Math.min(a, b)]!, DAYS[Math.max(a, b)]!];
            const want = expected(batches, event, from, to);
            const range = { from, to, departments: null, event };
            expect(await store.usageByDay(range)).toEqual(want.byKioskAndDay);
            expect(await store.usageTotals(range)).toEqual({ byDay: want.byDay, byKiosk: want.byKiosk });
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('is filled once from the daily usage of a database from before it', async () => {
    const dir = tempDir();
    const batches = fc.sample(fc.array(usageRow, { minLength: 5, maxLength: 20 }), { numRuns: 1, seed: 12 });
    let store = openSqliteFeedbackStore({ dataDir: dir });
    await store.ingest(toIngest(batches[0]!), '2026-12-02T03:00:00.000Z');
    const before = await store.usageTotals({ from: DAYS[0]!, to: DAYS[3]!, departments: null, event: 'qr' });
    await store.close();
    // As it was before version 3: no roll-up table, version 2 recorded.
    const db = new Database(join(dir, 'feedback.db'));
    db.exec('DROP TABLE usage_kiosk_daily; DELETE FROM schema_migrations WHERE version = 3; PRAGMA user_version = 2;');
    db.close();
    store = openSqliteFeedbackStore({ dataDir: dir });
    const want = expected(batches, 'qr', DAYS[0]!, DAYS[3]!);
    expect(await store.usageTotals({ from: DAYS[0]!, to: DAYS[3]!, departments: null, event: 'qr' })).toEqual({
      byDay: want.byDay,
      byKiosk: want.byKiosk,
    });
    expect(before).toEqual({ byDay: want.byDay, byKiosk: want.byKiosk });
    await store.close();
  });
});
