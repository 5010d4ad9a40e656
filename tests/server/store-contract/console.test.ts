/** ConsoleStore and PublishStore contract: the same cases on SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import { DraftRevisionConflictError } from '../../../src/server/console/publish-store';
import type { Draft, StoredUser } from '../../../src/server/console/types';
import { fee, puts } from '../support/fixtures';
import { DIALECTS, openDialect } from './dialects';

const T = '2026-11-23T02:00:00.000Z';
const user = (id: string, username: string, extra: Partial<StoredUser> = {}): StoredUser => ({
  id,
  username,
  displayName: `显示名 ${username}`,
  role: 'editor',
  departments: ['dept-mz'],
  halls: null,
  disabled: false,
  passwordHash: 'hash',
  createdAt: T,
  ...extra,
});
const draft = (id: string, extra: Partial<Draft> = {}): Draft => ({
  id,
  recordType: 'fee',
  recordId: `fee-${id}`,
  op: 'put',
  data: fee(`fee-${id}`, 100),
  baseVersion: null,
  state: 'approved',
  revision: 1,
  authorId: 'u1',
  reviewerId: null,
  rejectReason: null,
  publishAt: null,
  batchId: null,
  batchRow: null,
  departmentId: 'dept-mz',
  hallId: null,
  createdAt: T,
  updatedAt: T,
  publishedSeq: null,
  ...extra,
});

describe.each(DIALECTS)('console store contract (%s)', (dialect) => {
  it('keeps accounts with case-insensitive usernames, security settings and sessions', async () => {
    const { consoleStore } = await openDialect(dialect, () => new Date(T));
    await consoleStore.createUser(user('u1', 'Zhang'), [
      { actorId: null, actorName: 'setup', action: 'create', targetType: 'user', targetId: 'u1' },
    ]);
    await consoleStore.createUser(user('u2', 'admin', { role: 'admin', departments: null }));
    await expect(consoleStore.createUser(user('u3', 'ZHANG'))).rejects.toThrow();
    expect((await consoleStore.getUserByUsername('zhang'))?.id).toBe('u1');
    expect(await consoleStore.countAdmins()).toBe(1);
    await consoleStore.updateUser('u2', { disabled: true, halls: ['hall-county'] });
    expect(await consoleStore.countAdmins()).toBe(0);
    expect((await consoleStore.listUsers()).map((u) => [u.username, u.halls, 'passwordHash' in u])).toEqual([
      ['admin', ['hall-county'], false],
      ['Zhang', null, false],
    ]);
    expect(await consoleStore.getUserSecurity('u1')).toEqual({
      mustChangePassword: false,
      totpSecret: null,
      totpPendingSecret: null,
      totpLastCounter: null,
    });
    await consoleStore.setUserSecurity('u1', { mustChangePassword: true, totpLastCounter: 123456 });
    expect(await consoleStore.getUserSecurity('u1')).toMatchObject({ mustChangePassword: true, totpLastCounter: 123456 });

    const session = { userId: 'u1', csrfToken: 'c', createdAt: T, lastSeenAt: T, expiresAt: '2026-11-24T02:00:00.000Z' };
    await consoleStore.createSession({ idHash: 's1', ...session });
    await consoleStore.createSession({ idHash: 's2', ...session });
    await consoleStore.touchSession('s1', '2026-11-23T03:00:00.000Z');
    expect((await consoleStore.getSession('s1'))?.lastSeenAt).toBe('2026-11-23T03:00:00.000Z');
    await consoleStore.deleteOtherSessionsOfUser('u1', 's1');
    expect(await consoleStore.getSession('s2')).toBeNull();
    await consoleStore.deleteSessionsOfUser('u1');
    expect(await consoleStore.getSession('s1')).toBeNull();
  });

  it('applies draft updates only at the expected revision, several all or none', async () => {
    const { consoleStore } = await openDialect(dialect);
    await consoleStore.insertDrafts([draft('a'), draft('b', { batchId: 'batch-1', publishAt: '2026-11-23T01:00:00.000Z' })]);
    expect(await consoleStore.updateDraft('a', 2, { state: 'rejected' })).toBe(false);
    expect(await consoleStore.updateDraft('a', 1, { state: 'submitted', revision: 2, data: { changed: true } })).toBe(true);
    expect(await consoleStore.getDraft('a')).toMatchObject({ state: 'submitted', revision: 2, data: { changed: true } });
    const both = [
      { id: 'a', expectedRevision: 2, patch: { revision: 3 } },
      { id: 'b', expectedRevision: 9, patch: { revision: 10 } },
    ];
    expect(await consoleStore.updateDrafts(both)).toBe(false);
    expect((await consoleStore.getDraft('a'))?.revision).toBe(2);
    expect((await consoleStore.listDrafts({ dueBefore: T })).map((d) => d.id)).toEqual(['b']);
    expect((await consoleStore.listDrafts({ state: ['approved', 'submitted'] })).map((d) => d.id).sort()).toEqual(['a', 'b']);
    expect((await consoleStore.openDraftsOf('fee', 'fee-b')).map((d) => d.id)).toEqual(['b']);
  });

  it('keeps an append-only audit log that is searched by person and paged both ways', async () => {
    const { consoleStore } = await openDialect(dialect);
    await consoleStore.createUser(user('u1', 'zhang', { displayName: '张三' }));
    const entry = (i: number) => ({
      actorId: 'u1',
      actorName: 'zhang',
      action: i % 2 ? 'edit' : 'login',
      targetType: 'draft',
      targetId: `d${i}`,
    });
    await consoleStore.appendAudit([1, 2, 3, 4, 5].map(entry));
    await consoleStore.appendAudit([{ actorId: null, actorName: 'Wang_Wu', action: 'login-failed', targetType: 'user', targetId: 'x' }]);
    expect(await consoleStore.countAudit({ person: '张' })).toBe(5);
    expect(await consoleStore.countAudit({ person: 'wang_' })).toBe(1);
    expect(await consoleStore.countAudit({ action: 'edit' })).toBe(3);
    const newest = await consoleStore.listAudit({ limit: 2 });
    expect(newest.map((e) => e.targetId)).toEqual(['x', 'd5']);
    const older = await consoleStore.listAudit({ limit: 2, beforeId: newest[1]!.id });
    expect(older.map((e) => e.targetId)).toEqual(['d4', 'd3']);
    const newer = await consoleStore.listAudit({ limit: 2, afterId: older[1]!.id });
    expect(newer.map((e) => e.targetId)).toEqual(['d5', 'd4']);
  });

  it('records publications, expiries and kiosks', async () => {
    const { consoleStore } = await openDialect(dialect);
    const p1 = await consoleStore.recordPublication({ at: T, actorId: 'u1', fromSeq: 1, toSeq: 3, scopes: ['global'], summary: 'a' });
    const p2 = await consoleStore.recordPublication({ at: T, actorId: null, fromSeq: 4, toSeq: 4, scopes: ['hall:x'], summary: 'b' });
    expect(p2.id).toBeGreaterThan(p1.id);
    expect(await consoleStore.listPublications(10)).toEqual([p2, p1]);
    await consoleStore.scheduleExpiry({ recordType: 'notice', recordId: 'n1', at: '2026-11-24T00:00:00.000Z' });
    await consoleStore.scheduleExpiry({ recordType: 'notice', recordId: 'n1', at: '2026-11-22T00:00:00.000Z' });
    expect(await consoleStore.dueExpiries(T)).toEqual([{ recordType: 'notice', recordId: 'n1', at: '2026-11-22T00:00:00.000Z' }]);
    await consoleStore.cancelExpiry('notice', 'n1');
    expect(await consoleStore.dueExpiries(T)).toEqual([]);

    await consoleStore.createKiosk({ id: 'k1', hallId: 'hall-county', name: '一号机', createdAt: T } as never, 'tok-1');
    await consoleStore.recordHeartbeat('k1', T, {
      appVersion: '1.2.3',
      cursor: 42,
      storageUsed: 1_000_000,
      storageQuota: 2_000_000_000,
      lastError: null,
      onlineSince: T,
    } as never);
    expect(await consoleStore.kioskByTokenHash('tok-1')).toMatchObject({
      id: 'k1',
      cursor: 42,
      storageQuota: 2_000_000_000,
      appVersion: '1.2.3',
    });
    await consoleStore.setKioskToken('k1', 'tok-2');
    expect(await consoleStore.kioskByTokenHash('tok-1')).toBeNull();
    await consoleStore.deleteKiosk('k1');
    expect(await consoleStore.listKiosks()).toEqual([]);
  });

  it('keeps kiosk screenshots with their bytes, the newest few per kiosk, none past the age limit', async () => {
    const { consoleStore } = await openDialect(dialect);
    const bytes = (n: number) => new Uint8Array([0xff, 0xd8, 0xff, n, 0, 255]);
    const keep = { perKiosk: 2, olderThan: '2026-11-20T00:00:00.000Z' };
    const shot = (kioskId: string, actionId: number, takenAt: string) =>
      consoleStore.saveKioskScreenshot({ kioskId, actionId, takenAt, type: 'image/jpeg', width: 800, height: 1280 }, bytes(actionId), keep);
    const first = await shot('k1', 1, T);
    expect(first).toEqual({ id: first.id, kioskId: 'k1', actionId: 1, takenAt: T, type: 'image/jpeg', size: 6, width: 800, height: 1280 });
    await shot('k2', 2, T);
    await shot('k1', 3, T);
    await shot('k1', 4, T);
    expect((await consoleStore.listKioskScreenshots('k1', 10)).map((s) => s.actionId)).toEqual([4, 3]);
    expect(await consoleStore.getKioskScreenshot(first.id)).toBeNull();
    const [newest] = await consoleStore.listKioskScreenshots('k1', 1);
    const loaded = await consoleStore.getKioskScreenshot(newest!.id);
    expect(loaded?.shot).toEqual(newest);
    expect([...loaded!.bytes]).toEqual([...bytes(4)]);
    // A later upload past the age limit of k2's picture removes it.
    await consoleStore.saveKioskScreenshot(
      { kioskId: 'k1', actionId: 5, takenAt: '2026-11-28T00:00:00.000Z', type: 'image/png', width: null, height: null },
      bytes(5),
      { perKiosk: 2, olderThan: '2026-11-24T00:00:00.000Z' },
    );
    expect(await consoleStore.listKioskScreenshots('k2', 10)).toEqual([]);
    expect((await consoleStore.listKioskScreenshots('k1', 10)).map((s) => s.actionId)).toEqual([5]);
  });

  it('keeps fleet alerts: one active per kiosk and kind, raised and resolved once, resolved ones as history', async () => {
    const { consoleStore, reopen } = await openDialect(dialect);
    const alert = (kioskId: string, kind: string, raisedAt = T) => ({
      kioskId,
      kioskName: `${kioskId} 号机`,
      hallId: 'hall-county',
      kind,
      message: `${kioskId} ${kind}`,
      raisedAt,
    });
    const first = await consoleStore.recordAlertChanges({
      raised: [alert('k1', 'silent'), alert('k2', 'stale-data')],
      updated: [],
      resolved: [],
    });
    expect(first.raised.map((a) => [a.kioskId, a.kind, a.resolvedAt])).toEqual([
      ['k1', 'silent', null],
      ['k2', 'stale-data', null],
    ]);
    // Another server (same database) raising the same alert: not raised twice.
    const other = (await reopen()).consoleStore;
    const again = await other.recordAlertChanges({
      raised: [alert('k1', 'silent', '2026-11-23T03:00:00.000Z')],
      updated: [],
      resolved: [],
    });
    expect(again.raised).toEqual([]);
    const k1 = first.raised[0]!;
    await consoleStore.recordAlertChanges({ raised: [], updated: [{ id: k1.id, message: 'k1 silent for 30 minutes' }], resolved: [] });
    expect((await other.listActiveAlerts()).map((a) => [a.kioskId, a.message, a.raisedAt])).toEqual([
      ['k1', 'k1 silent for 30 minutes', T],
      ['k2', 'k2 stale-data', T],
    ]);
    const resolvedAt = '2026-11-23T04:00:00.000Z';
    const done = await consoleStore.recordAlertChanges({ raised: [], updated: [], resolved: [{ id: k1.id, at: resolvedAt }] });
    expect(done.resolved.map((a) => [a.id, a.resolvedAt])).toEqual([[k1.id, resolvedAt]]);
    expect((await other.recordAlertChanges({ raised: [], updated: [], resolved: [{ id: k1.id, at: resolvedAt }] })).resolved).toEqual([]);
    expect((await consoleStore.listActiveAlerts()).map((a) => a.kioskId)).toEqual(['k2']);
    expect(await consoleStore.listAlertHistory(10)).toEqual([{ ...k1, message: 'k1 silent for 30 minutes', resolvedAt }]);
    // Once resolved, the same kind may be raised again for that kiosk.
    expect((await consoleStore.recordAlertChanges({ raised: [alert('k1', 'silent')], updated: [], resolved: [] })).raised).toHaveLength(1);
  });

  it('publishes with the console records in one transaction: a moved draft rolls the feed back too', async () => {
    const { content, consoleStore, publishStore } = await openDialect(dialect);
    await consoleStore.insertDrafts([draft('a')]);
    const done = await publishStore.publishWithConsole(puts([fee('fee-a', 100)]), { actor: 'u1', now: new Date(T) }, (result) => ({
      drafts: [{ id: 'a', expectedRevision: 1, patch: { state: 'published', revision: 2, publishedSeq: result.toSeq } }],
      audit: [{ actorId: 'u1', actorName: 'zhang', action: 'publish', targetType: 'draft', targetId: 'a' }],
      publication: { at: T, actorId: 'u1', fromSeq: result.fromSeq, toSeq: result.toSeq, scopes: ['global'], summary: '1 fee' },
    }));
    expect(done.publication).toMatchObject({ fromSeq: 1, toSeq: 1 });
    expect(await consoleStore.getDraft('a')).toMatchObject({ state: 'published', publishedSeq: 1 });

    const refused = publishStore.publishWithConsole(puts([fee('fee-b', 100)]), { actor: 'u1', now: new Date(T) }, () => ({
      drafts: [{ id: 'a', expectedRevision: 1, patch: { revision: 3 } }],
      audit: [{ actorId: 'u1', actorName: 'zhang', action: 'publish', targetType: 'draft', targetId: 'a' }],
    }));
    await expect(refused).rejects.toBeInstanceOf(DraftRevisionConflictError);
    expect(await content.getRecord('fee', 'fee-b')).toBeNull();
    expect((await content.position()).seq).toBe(1);
    expect(await consoleStore.countAudit({})).toBe(1);
  });
});
