/**
 * The case-rates report reads a daily roll-up kept at ingest and at every case
 * change: after random openings and transitions it must equal the figures
 * counted from the cases themselves, for any range and department scope, and
 * a database from before the roll-up is counted once when opened.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteFeedbackStore } from '../../../src/server/feedback/store/sqlite-feedback-store';
import type { FeedbackCase, IngestRow } from '../../../src/server/feedback/types';
import { localDateOf } from '../../../src/shared/workdays/local-date';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const DEPTS = ['dept-a', 'dept-b', null] as const;

function messageRow(n: number, openedAt: string, dueDate: string, departmentId: string | null): IngestRow {
  const id = `m-${n}`;
  const c: FeedbackCase = {
    id: `case-${id}`,
    sourceKind: n % 2 ? 'rating' : 'message',
    sourceId: id,
    departmentId,
    hallId: 'hall-county',
    kioskId: 'kiosk-1',
    openedAt,
    dueDate,
    dueAt: `${dueDate}T23:59:59.999+08:00`,
    state: 'pending',
    summary: 's',
    text: 't',
    reasons: [],
    phone: null,
    rectification: '',
    reply: '',
    callback: null,
    closedAt: null,
    updatedAt: openedAt,
  };
  const base = { id, kioskId: 'kiosk-1', hallId: 'hall-county', at: openedAt, day: localDateOf(new Date(openedAt)) };
  return c.sourceKind === 'rating'
    ? {
        kind: 'rating',
        rating: {
          ...base,
          level: 1,
          subjectType: 'guide',
          subjectId: 'g',
          subjectTitle: 'g',
          departmentId,
          reasons: [],
          text: '',
          phone: null,
        },
        case: c,
      }
    : {
        kind: 'message',
        message: { ...base, category: 'suggest', departmentId: departmentId ?? 'dept-a', text: 't', phone: null },
        case: c,
      };
}

/** The report's figures counted straight from the cases. */
function expected(cases: FeedbackCase[], range: { from: string; to: string; departments: string[] | null; now: string }) {
  const today = localDateOf(new Date(range.now));
  return (['rating', 'message'] as const).map((kind) => {
    const mine = cases.filter((c) => {
      const day = localDateOf(new Date(c.openedAt));
      const inScope = range.departments === null || (c.departmentId !== null && range.departments.includes(c.departmentId));
      return c.sourceKind === kind && day >= range.from && day <= range.to && inScope;
    });
    return {
      kind,
      total: mine.length,
      closed: mine.filter((c) => c.state === 'closed').length,
      closedOnTime: mine.filter((c) => c.state === 'closed' && c.closedAt! <= c.dueAt).length,
      replied: mine.filter((c) => c.reply !== '').length,
      overdueOpen: mine.filter((c) => c.state !== 'closed' && c.dueDate < today).length,
    };
  });
}

describe('case rates roll-up', () => {
  it('matches the cases after random openings and transitions, for any range and scope', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            // Hours from 2026-09-28 00:00 UTC: some cross the local midnight (UTC+8) of a day.
            hour: fc.integer({ min: 0, max: 24 * 20 }),
            dept: fc.constantFrom(...DEPTS),
            dueIn: fc.integer({ min: 0, max: 25 }),
            steps: fc.integer({ min: 0, max: 3 }),
            reply: fc.boolean(),
            lateBy: fc.integer({ min: -3, max: 3 }),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom<string[] | null>(null, ['dept-a'], ['dept-b', 'dept-a'], []),
        async (specs, fromDay, span, departments) => {
          const dir = mkdtempSync(join(tmpdir(), 'case-rates-'));
          dirs.push(dir);
          const store = openSqliteFeedbackStore({ dataDir: dir });
          const start = Date.UTC(2026, 8, 28);
          const rows = specs.map((s, n) => {
            const openedAt = new Date(start + s.hour * 3600_000).toISOString();
            const dueDate = new Date(start + (s.hour / 24 + s.dueIn) * 86_400_000).toISOString().slice(0, 10);
            return messageRow(n, openedAt, dueDate, s.dept);
          });
          await store.ingest(rows, new Date(start).toISOString());
          const order = ['pending', 'rectifying', 'called-back', 'closed'] as const;
          for (const [n, s] of specs.entries()) {
            const c = (rows[n] as { case: FeedbackCase }).case;
            for (let step = 0; step < s.steps; step++) {
              const next = order[step + 1]!;
              const closedAt = next === 'closed' ? new Date(Date.parse(c.dueAt) + s.lateBy * 86_400_000).toISOString() : undefined;
              const ok = await store.updateCase(c.id, order[step]!, {
                state: next,
                ...(s.reply && next === 'called-back' ? { reply: '已答复' } : {}),
                ...(closedAt ? { closedAt } : {}),
                updatedAt: c.openedAt,
              });
              expect(ok).toBe(true);
            }
            // A change from a stale state changes nothing, figures included.
            expect(await store.updateCase(c.id, s.steps === 0 ? 'closed' : 'pending', { state: 'pending', updatedAt: c.openedAt })).toBe(
              false,
            );
          }
          const range = {
            from: new Date(start + fromDay * 86_400_000).toISOString().slice(0, 10),
            to: new Date(start + (fromDay + span) * 86_400_000).toISOString().slice(0, 10),
            departments,
            now: new Date(start + 12 * 86_400_000).toISOString(),
          };
          const cases = await store.listCases({ departments: null, limit: 5000 });
          expect(await store.caseRates(range)).toEqual(expected(cases, range));
          await store.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('counts the cases of a database from before the roll-up once, when it is opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'case-rates-old-'));
    dirs.push(dir);
    let store = openSqliteFeedbackStore({ dataDir: dir });
    await store.ingest(
      [0, 1, 2, 3].map((n) => messageRow(n, `2026-10-0${n + 1}T20:00:00.000Z`, '2026-10-20', 'dept-a')),
      '2026-10-05T00:00:00.000Z',
    );
    await store.close();
    const raw = new Database(join(dir, 'feedback.db'));
    raw.exec('DELETE FROM case_daily');
    raw.close();
    const range = { from: '2026-10-01', to: '2026-10-31', departments: null, now: '2026-10-25T00:00:00.000Z' };
    for (let open = 0; open < 2; open++) {
      store = openSqliteFeedbackStore({ dataDir: dir });
      expect((await store.caseRates(range)).map((r) => [r.kind, r.total, r.overdueOpen])).toEqual([
        ['rating', 2, 2],
        ['message', 2, 2],
      ]);
      await store.close();
    }
  });

  it('writes a case change and its history entry together, and neither for a stale change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'case-events-'));
    dirs.push(dir);
    const store = openSqliteFeedbackStore({ dataDir: dir });
    await store.ingest([messageRow(1, '2026-10-01T02:00:00.000Z', '2026-10-22', 'dept-a')], '2026-10-01T02:00:00.000Z');
    const event = (from: 'pending' | 'rectifying', to: 'rectifying' | 'called-back') => ({
      at: '2026-10-02T02:00:00.000Z',
      actorId: 'u-1',
      actorName: 'li',
      action: `feedback-case.${to}`,
      fromState: from,
      toState: to,
      detail: `${from} → ${to}`,
    });
    expect(
      await store.updateCase(
        'case-m-1',
        'pending',
        { state: 'rectifying', updatedAt: '2026-10-02T02:00:00.000Z' },
        event('pending', 'rectifying'),
      ),
    ).toBe(true);
    // Someone else already moved it: no change, and no history entry claiming one.
    expect(
      await store.updateCase(
        'case-m-1',
        'pending',
        { state: 'rectifying', updatedAt: '2026-10-02T03:00:00.000Z' },
        event('pending', 'rectifying'),
      ),
    ).toBe(false);
    expect(await store.listCaseEvents('case-m-1')).toEqual([{ caseId: 'case-m-1', ...event('pending', 'rectifying') }]);
    expect((await store.getCase('case-m-1'))!.state).toBe('rectifying');
    await store.close();
  });
});
