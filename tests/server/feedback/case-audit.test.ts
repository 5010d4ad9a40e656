/**
 * A case change and its console audit entry live in two database files
 * (feedback.db, console.db) that cannot share a transaction. The entry is
 * stored with the change and copied into the audit log afterwards: if the
 * audit log fails at that moment, or the copy is made but its mark is lost
 * (a crash in between), the next drain leaves exactly one entry per change.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleStore } from '../../../src/server/console/console-store';
import { openSqliteConsoleStore } from '../../../src/server/console/store/sqlite-console-store';
import type { User } from '../../../src/server/console/types';
import { createCases } from '../../../src/server/feedback/cases';
import type { FeedbackStore } from '../../../src/server/feedback/feedback-store';
import { openSqliteFeedbackStore } from '../../../src/server/feedback/store/sqlite-feedback-store';
import type { FeedbackCase } from '../../../src/server/feedback/types';

const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const handler: User = {
  id: 'u-mz',
  username: 'editor-mz',
  displayName: 'editor-mz',
  role: 'editor',
  departments: ['dept-mz'],
  halls: null,
  disabled: false,
  createdAt: '',
};
const now = () => new Date('2026-12-02T02:00:00.000Z');

async function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'case-audit-'));
  dirs.push(dir);
  const store = openSqliteFeedbackStore({ dataDir: dir });
  const consoleStore = openSqliteConsoleStore({ dataDir: dir, now });
  closers.push(async () => {
    await store.close();
    await consoleStore.close();
  });
  const c: FeedbackCase = {
    id: 'case-r1',
    sourceKind: 'rating',
    sourceId: 'r1',
    departmentId: 'dept-mz',
    hallId: 'hall-county',
    kioskId: 'kiosk-1',
    openedAt: '2026-12-01T02:00:00.000Z',
    dueDate: '2026-12-22',
    dueAt: '2026-12-22T15:59:59.999Z',
    state: 'pending',
    summary: '非常不满意',
    text: '',
    reasons: ['long-wait'],
    phone: null,
    rectification: '',
    reply: '',
    callback: null,
    closedAt: null,
    updatedAt: '2026-12-01T02:00:00.000Z',
  };
  await store.ingest(
    [
      {
        kind: 'rating',
        rating: {
          id: 'r1',
          kioskId: 'kiosk-1',
          hallId: 'hall-county',
          at: c.openedAt,
          day: '2026-12-01',
          level: 1,
          subjectType: 'guide',
          subjectId: 'guide-1',
          subjectTitle: '低保',
          departmentId: 'dept-mz',
          reasons: ['long-wait'],
          text: '',
          phone: null,
        },
        case: c,
      },
    ],
    c.openedAt,
  );
  return { store, consoleStore };
}

/** The real store, with one call made to fail once (the database file unreachable at that moment). */
function failingOnce<T extends object>(target: T, method: keyof T): T {
  let failed = false;
  return new Proxy(target, {
    get(t, key, receiver) {
      const value = Reflect.get(t, key, receiver);
      if (key !== method || typeof value !== 'function') return typeof value === 'function' ? value.bind(t) : value;
      return (...args: unknown[]) => {
        if (!failed) {
          failed = true;
          return Promise.reject(new Error(`${String(method)}: database unavailable`));
        }
        return value.apply(t, args);
      };
    },
  });
}

const auditOf = async (consoleStore: ConsoleStore) =>
  (await consoleStore.listAudit({ targetId: 'case-r1' })).filter((a) => a.action.startsWith('feedback-case.')).map((a) => a.action);

describe('case changes in the console audit log', () => {
  it('are copied later when the audit log fails at the moment of the change, once', async () => {
    const { store, consoleStore } = await setUp();
    const errors: unknown[] = [];
    const cases = createCases({ store, consoleStore: failingOnce(consoleStore, 'appendAudit'), now, onAuditError: (e) => errors.push(e) });
    await cases.drainAudits();
    const moved = await cases.transition(handler, 'case-r1', { to: 'rectifying' });
    // The change stands and is in the case's own history, though the audit log refused the entry.
    expect(moved.case.state).toBe('rectifying');
    expect(moved.history.map((e) => e.toState)).toEqual(['pending', 'rectifying']);
    expect(errors).toHaveLength(1);
    expect(await auditOf(consoleStore)).toEqual([]);
    expect(await store.pendingCaseAudits(10)).toHaveLength(1);

    await cases.drainAudits();
    await cases.drainAudits();
    expect(await auditOf(consoleStore)).toEqual(['feedback-case.rectifying']);
    expect(await store.pendingCaseAudits(10)).toEqual([]);
    const [entry] = await consoleStore.listAudit({ targetId: 'case-r1', action: 'feedback-case.rectifying' });
    expect(entry).toMatchObject({ actorName: 'editor-mz', detail: '待处理 → 整改中' });
    expect(entry!.changes).toContainEqual({ field: 'state', before: 'pending', after: 'rectifying' });
  });

  it('are not written twice when the copy was made but its mark was lost', async () => {
    const { store, consoleStore } = await setUp();
    const cases = createCases({
      store: failingOnce<FeedbackStore>(store, 'markCaseAudited'),
      consoleStore,
      now,
      onAuditError: () => undefined,
    });
    await cases.drainAudits();
    await cases.transition(handler, 'case-r1', { to: 'rectifying' });
    // Written, not marked: as after a crash between the two.
    expect(await auditOf(consoleStore)).toEqual(['feedback-case.rectifying']);
    expect(await store.pendingCaseAudits(10)).toHaveLength(1);
    // A server starting again drains what is left: it finds the entry and only marks it.
    const restarted = createCases({ store, consoleStore, now });
    await restarted.drainAudits();
    expect(await auditOf(consoleStore)).toEqual(['feedback-case.rectifying']);
    expect(await store.pendingCaseAudits(10)).toEqual([]);
    await restarted.transition(handler, 'case-r1', { to: 'called-back', rectification: '增开窗口', reply: '已答复' });
    expect((await auditOf(consoleStore)).sort()).toEqual(['feedback-case.called-back', 'feedback-case.rectifying']);
  });
});
