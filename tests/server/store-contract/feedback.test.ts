/** FeedbackStore contract: the same cases on SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import type { FeedbackCase, IngestRow, StoredRating } from '../../../src/server/feedback/types';
import { DIALECTS, openDialect } from './dialects';

const rating = (id: string, level: StoredRating['level'], extra: Partial<StoredRating> = {}): StoredRating => ({
  id,
  kioskId: 'k1',
  hallId: 'hall-county',
  at: '2026-11-20T02:00:00.000Z',
  day: '2026-11-20',
  level,
  subjectType: 'guide',
  subjectId: 'guide-1',
  subjectTitle: '低保申请',
  departmentId: 'dept-mz',
  reasons: [],
  text: '',
  phone: null,
  ...extra,
});
const caseOf = (r: StoredRating): FeedbackCase => ({
  id: `case-${r.id}`,
  sourceKind: 'rating',
  sourceId: r.id,
  departmentId: r.departmentId,
  hallId: r.hallId,
  kioskId: r.kioskId,
  openedAt: r.at,
  dueDate: '2026-11-27',
  dueAt: '2026-11-27T09:00:00.000Z',
  state: 'pending',
  summary: '不满意',
  text: r.text,
  reasons: r.reasons,
  phone: r.phone,
  rectification: '',
  reply: '',
  callback: null,
  closedAt: null,
  updatedAt: r.at,
});
const rated = (r: StoredRating): IngestRow => ({ kind: 'rating', rating: r, case: r.level <= 2 ? caseOf(r) : null });

describe.each(DIALECTS)('feedback store contract (%s)', (dialect) => {
  it('stores each item once: a retried batch comes back as duplicates', async () => {
    const { feedbackStore } = await openDialect(dialect);
    const usage: IngestRow = {
      kind: 'usage',
      id: 'u-1',
      kioskId: 'k1',
      hallId: 'hall-county',
      at: '2026-11-20T02:00:00.000Z',
      day: '2026-11-20',
      counts: [{ key: { event: 'open-guide', target: 'guide-1' }, n: 3 }],
    };
    const rows = [rated(rating('r1', 5)), rated(rating('r2', 1, { reasons: ['long-wait'], phone: '13812345678' })), usage];
    expect(await feedbackStore.ingest(rows, '2026-11-20T03:00:00.000Z')).toEqual({ stored: ['r1', 'r2', 'u-1'], duplicates: [] });
    expect(await feedbackStore.ingest(rows, '2026-11-20T04:00:00.000Z')).toEqual({ stored: [], duplicates: ['r1', 'r2', 'u-1'] });
    expect(await feedbackStore.countRatings()).toBe(2);
    expect(await feedbackStore.getRating('r2')).toMatchObject({ level: 1, reasons: ['long-wait'], phone: '13812345678' });
    expect(
      await feedbackStore.usageByDay({ from: '2026-11-01', to: '2026-11-30', event: 'open-guide', departments: null } as never),
    ).toEqual([{ kioskId: 'k1', day: '2026-11-20', count: 3 }]);
    expect(
      await feedbackStore.topTargets({ from: '2026-11-01', to: '2026-11-30', event: 'open-guide', limit: 5, departments: null } as never),
    ).toEqual([{ target: 'guide-1', count: 3 }]);
  });

  it('adds usage up per kiosk and day, per day and per kiosk, however many targets the events name', async () => {
    const { feedbackStore } = await openDialect(dialect);
    const usage = (id: string, kioskId: string, day: string, counts: [string, string, number][]): IngestRow => ({
      kind: 'usage',
      id,
      kioskId,
      hallId: 'hall-county',
      at: `${day}T02:00:00.000Z`,
      day,
      counts: counts.map(([event, target, n]) => ({ key: { event, target }, n })),
    });
    const rows = [
      usage('u-1', 'k1', '2026-11-20', [
        ['qr', 'guide-1', 2],
        ['qr', 'guide-2', 1],
        ['visit', '', 5],
      ]),
      usage('u-2', 'k2', '2026-11-20', [['qr', 'guide-1', 4]]),
      usage('u-3', 'k1', '2026-11-21', [['qr', 'guide-3', 1]]),
      usage('u-4', 'k1', '2026-12-01', [['qr', 'guide-3', 7]]),
    ];
    await feedbackStore.ingest(rows, '2026-12-01T03:00:00.000Z');
    // A retried batch adds nothing.
    expect((await feedbackStore.ingest(rows.slice(0, 2), '2026-12-01T04:00:00.000Z')).duplicates).toEqual(['u-1', 'u-2']);
    const november = { from: '2026-11-01', to: '2026-11-30', departments: null, event: 'qr' };
    expect(await feedbackStore.usageByDay(november)).toEqual([
      { kioskId: 'k1', day: '2026-11-20', count: 3 },
      { kioskId: 'k2', day: '2026-11-20', count: 4 },
      { kioskId: 'k1', day: '2026-11-21', count: 1 },
    ]);
    expect(await feedbackStore.usageTotals(november)).toEqual({
      byDay: [
        { day: '2026-11-20', count: 7 },
        { day: '2026-11-21', count: 1 },
      ],
      byKiosk: [
        { kioskId: 'k1', count: 4 },
        { kioskId: 'k2', count: 4 },
      ],
    });
    expect(await feedbackStore.usageTotals({ ...november, event: 'visit' })).toEqual({
      byDay: [{ day: '2026-11-20', count: 5 }],
      byKiosk: [{ kioskId: 'k1', count: 5 }],
    });
  });

  it('keeps the audit entry a case change owes until it is marked as copied', async () => {
    const { feedbackStore } = await openDialect(dialect);
    await feedbackStore.ingest([rated(rating('r1', 1))], '2026-11-20T03:00:00.000Z');
    const audit = {
      actorId: 'u1',
      actorName: 'editor-mz',
      action: 'feedback-case.rectifying',
      targetType: 'feedback-case',
      targetId: 'case-r1',
    };
    const event = {
      at: '2026-11-21T02:00:00.000Z',
      actorId: 'u1',
      actorName: 'editor-mz',
      action: 'feedback-case.rectifying',
      fromState: 'pending' as const,
      toState: 'rectifying' as const,
      detail: '待处理 → 整改中',
    };
    expect(
      await feedbackStore.updateCase(
        'case-r1',
        'pending',
        { state: 'rectifying', updatedAt: event.at },
        { ...event, audit: { ...audit, changes: [] } },
      ),
    ).toBe(true);
    // A stale change writes neither the change nor an entry.
    expect(await feedbackStore.updateCase('case-r1', 'pending', { state: 'rectifying', updatedAt: event.at }, { ...event, audit })).toBe(
      false,
    );
    const pending = await feedbackStore.pendingCaseAudits(10);
    expect(pending).toEqual([{ seq: expect.any(Number), audit: { ...audit, changes: [] } }]);
    expect((await feedbackStore.listCaseEvents('case-r1')).map((e) => e.detail)).toEqual(['待处理 → 整改中']);
    await feedbackStore.markCaseAudited([pending[0]!.seq], '2026-11-21T02:00:01.000Z');
    expect(await feedbackStore.pendingCaseAudits(10)).toEqual([]);
  });

  it('moves a case only from the expected state and counts it in the rates', async () => {
    const { feedbackStore } = await openDialect(dialect);
    await feedbackStore.ingest([rated(rating('r1', 1)), rated(rating('r2', 2, { departmentId: 'dept-cz' }))], '2026-11-20T03:00:00.000Z');
    expect((await feedbackStore.listCases({ departments: ['dept-mz'] })).map((c) => c.id)).toEqual(['case-r1']);
    expect(await feedbackStore.listCases({ departments: [] })).toEqual([]);
    const closed = {
      state: 'closed' as const,
      reply: '已改进',
      closedAt: '2026-11-21T02:00:00.000Z',
      updatedAt: '2026-11-21T02:00:00.000Z',
    };
    expect(await feedbackStore.updateCase('case-r1', 'rectifying', closed)).toBe(false);
    expect(await feedbackStore.updateCase('case-r1', 'pending', closed)).toBe(true);
    expect(await feedbackStore.getCase('case-r1')).toMatchObject({ state: 'closed', reply: '已改进' });
    const rates = await feedbackStore.caseRates({
      from: '2026-11-01',
      to: '2026-11-30',
      now: '2026-11-28T00:00:00.000Z',
      departments: null,
    } as never);
    expect(rates.find((r) => r.kind === 'rating')).toEqual({
      kind: 'rating',
      total: 2,
      closed: 1,
      closedOnTime: 1,
      replied: 1,
      overdueOpen: 1,
    });
  });

  it('reports satisfaction by department with the national rate', async () => {
    const { feedbackStore } = await openDialect(dialect);
    await feedbackStore.ingest(
      [
        rated(rating('a', 5)),
        rated(rating('b', 4)),
        rated(rating('c', 3)),
        rated(rating('d', 1)),
        rated(rating('e', 5, { departmentId: 'dept-cz' })),
      ],
      '2026-11-20T03:00:00.000Z',
    );
    const rows = await feedbackStore.satisfaction('department', { from: '2026-11-01', to: '2026-11-30', departments: null } as never);
    expect(rows[0]).toMatchObject({ key: 'dept-mz', total: 4, levels: { 5: 1, 4: 1, 3: 1, 2: 0, 1: 1 }, satisfiedRate: 0.75 });
    expect(rows.map((r) => r.key)).toEqual(['dept-mz', 'dept-cz']);
  });

  it('keeps the holiday calendar', async () => {
    const { feedbackStore } = await openDialect(dialect);
    await feedbackStore.putCalendarDay({ date: '2026-10-01', kind: 'holiday', name: '国庆节' });
    await feedbackStore.putCalendarDay({ date: '2026-10-01', kind: 'holiday', name: '国庆' });
    await feedbackStore.putCalendarDay({ date: '2026-09-27', kind: 'workday', name: '调休' });
    expect(await feedbackStore.listCalendar()).toEqual([
      { date: '2026-09-27', kind: 'workday', name: '调休' },
      { date: '2026-10-01', kind: 'holiday', name: '国庆' },
    ]);
    expect(await feedbackStore.deleteCalendarDay('2026-10-01')).toBe(true);
    expect(await feedbackStore.deleteCalendarDay('2026-10-01')).toBe(false);
  });
});
