import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeartbeat } from '../../../src/kiosk/heartbeat/heartbeat';
import { KioskConfigSchema } from '../../../src/shared/kiosk-config';
import { FEE_MZ_ID } from './support/fixtures';
import { FEED_KEY, startHarness, type Harness } from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function register(id: string, hallId: string) {
  const admin = await h.login('admin');
  const res = await admin.json('POST', '/api/console/kiosks', { id, hallId, name: id, staffPin: '246813' });
  expect(res.status).toBe(201);
  return res.body.config as { heartbeatToken: string; kioskId: string };
}

const beat = (token: string, body: Record<string, unknown>) =>
  fetch(`${h.url}/api/kiosk/heartbeat`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('kiosk registration', () => {
  it('produces a valid kiosk-config with a per-kiosk token, storing only its hash', async () => {
    const config = await register('kiosk-county-1', 'hall-county');
    const parsed = v.parse(KioskConfigSchema, config);
    expect(parsed).toMatchObject({ kioskId: 'kiosk-county-1', hallId: 'hall-county', feedPublicKey: FEED_KEY });
    expect(config.heartbeatToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const other = await register('kiosk-xihe-1', 'point-dongshan');
    expect(other.heartbeatToken).not.toBe(config.heartbeatToken);
    const stored = JSON.stringify(await h.console.consoleStore.listKiosks());
    expect(stored).not.toContain(config.heartbeatToken);
  });

  it('refuses an unknown hall, a duplicate id and a short PIN, naming the field', async () => {
    const admin = await h.login('admin');
    await register('kiosk-county-1', 'hall-county');
    const dup = await admin.json('POST', '/api/console/kiosks', {
      id: 'kiosk-county-1',
      hallId: 'hall-county',
      name: 'x',
      staffPin: '246813',
    });
    expect(dup.body.problems).toEqual([{ field: 'id', message: '已被其他终端使用' }]);
    const hall = await admin.json('POST', '/api/console/kiosks', { id: 'kiosk-x', hallId: 'hall-nowhere', name: 'x', staffPin: '246813' });
    expect(hall.body.problems).toEqual([{ field: 'hallId', message: '没有这个大厅' }]);
    const pin = await admin.json('POST', '/api/console/kiosks', { id: 'kiosk-y', hallId: 'hall-county', name: 'x', staffPin: '12' });
    expect(pin.status).toBe(422);
    expect(pin.body.problems[0].field).toBe('staffPin');
  });
});

describe('heartbeats', () => {
  it('accepts a heartbeat with the token and shows it in the fleet list', async () => {
    const { heartbeatToken } = await register('kiosk-county-1', 'hall-county');
    const head = (await h.content.position()).seq;
    const res = await beat(heartbeatToken, {
      appVersion: '1.2.3',
      cursor: head,
      storageUsed: 1000,
      storageQuota: 5000,
      lastError: null,
      onlineSince: '2026-11-23T08:00:00+08:00',
    });
    expect(res.status).toBe(200);
    const fleet = await (await h.login('reviewer-mz')).json('GET', '/api/console/kiosks');
    expect(fleet.body.kiosks[0]).toMatchObject({
      id: 'kiosk-county-1',
      appVersion: '1.2.3',
      cursor: head,
      pendingChanges: 0,
      unseen: false,
      lagging: false,
      storageUsed: 1000,
    });
  });

  it('refuses a missing or wrong token and malformed bodies', async () => {
    const { heartbeatToken } = await register('kiosk-county-1', 'hall-county');
    expect((await beat('x'.repeat(43), { appVersion: '1', cursor: 1 })).status).toBe(401);
    expect((await fetch(`${h.url}/api/kiosk/heartbeat`, { method: 'POST', body: '{}' })).status).toBe(401);
    const bad = await beat(heartbeatToken, { appVersion: '1', cursor: -5 });
    expect(bad.status).toBe(422);
    expect((await bad.json()).problems[0].field).toBe('cursor');
  });

  it('keeps an impossible cursor at the head: a kiosk never counts as holding publishes not yet made', async () => {
    const { heartbeatToken } = await register('kiosk-county-1', 'hall-county');
    expect((await beat(heartbeatToken, { appVersion: '1', cursor: 1e300 })).status).toBe(422);
    expect((await beat(heartbeatToken, { appVersion: '1', cursor: Number.MAX_SAFE_INTEGER })).status).toBe(200);
    const head = (await h.content.position()).seq;
    const admin = await h.login('admin');
    const kiosk = (await admin.json('GET', '/api/console/kiosks')).body.kiosks.find((k: any) => k.id === 'kiosk-county-1');
    expect(kiosk.cursor).toBe(head);
  });

  it('a kiosk token can do nothing but heartbeats', async () => {
    const { heartbeatToken } = await register('kiosk-county-1', 'hall-county');
    const auth = { Authorization: `Bearer ${heartbeatToken}`, 'Content-Type': 'application/json', Origin: h.url };
    for (const [method, path, body] of [
      ['GET', '/api/console/drafts'],
      ['GET', '/api/console/kiosks'],
      ['GET', '/api/console/session'],
      ['GET', '/api/console/users'],
      ['POST', '/api/console/drafts', { type: 'fee', id: FEE_MZ_ID }],
      ['POST', '/api/console/kiosks', { id: 'k', hallId: 'hall-county', name: 'k', staffPin: '123456' }],
      ['GET', '/api/console/export/fee'],
    ] as const) {
      const res = await fetch(h.url + path, { method, headers: auth, body: body ? JSON.stringify(body) : undefined });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
    expect(await h.console.consoleStore.listDrafts()).toEqual([]);
  });

  it('a reissued token replaces the old one at once', async () => {
    const { heartbeatToken } = await register('kiosk-county-1', 'hall-county');
    const admin = await h.login('admin');
    const reissued = await admin.json('POST', '/api/console/kiosks/kiosk-county-1/token', { staffPin: '246813' });
    expect((await beat(heartbeatToken, { appVersion: '1', cursor: 0 })).status).toBe(401);
    expect((await beat(reissued.body.config.heartbeatToken, { appVersion: '1', cursor: 0 })).status).toBe(200);
  });

  it('the kiosk heartbeat hook reports the committed cursor over real HTTP, without blocking', async () => {
    const { heartbeatToken } = await register('kiosk-county-1', 'hall-county');
    let answered = false;
    const hook = createHeartbeat({
      config: { feedUrl: '/', heartbeatToken },
      appVersion: 'kiosk-test',
      baseUrl: h.url,
      fetch: (...args) => fetch(...args).finally(() => (answered = true)),
    });
    // Not blocking: the hook returns nothing to await, before the request has been answered.
    expect(hook({ cursor: 5, online: true, lastError: '网络中断', storage: { usage: 10, quota: 100 } })).toBeUndefined();
    expect(answered).toBe(false);
    await expect.poll(async () => (await h.console.consoleStore.getKiosk('kiosk-county-1'))?.cursor, { timeout: 5000 }).toBe(5);
    expect(await h.console.consoleStore.getKiosk('kiosk-county-1')).toMatchObject({
      appVersion: 'kiosk-test',
      lastError: '网络中断',
      storageQuota: 100,
    });
  });
});

describe('fleet flags and publish reach', () => {
  it('flags kiosks unseen for 15 minutes or lagging behind a publish, and counts reach only from reported cursors', async () => {
    const county = await register('kiosk-county-1', 'hall-county');
    const dongshan = await register('kiosk-dongshan-1', 'point-dongshan');
    const head = (await h.content.position()).seq;
    await beat(county.heartbeatToken, { appVersion: '1', cursor: head });
    await beat(dongshan.heartbeatToken, { appVersion: '1', cursor: head });

    // Publish a fee change through the workflow.
    const editor = await h.login('editor-mz');
    const reviewer = await h.login('reviewer-mz');
    const draft = (await editor.json('POST', '/api/console/drafts', { type: 'fee', id: FEE_MZ_ID })).body.draft;
    const submitted = await editor.json('POST', `/api/console/drafts/${draft.id}/submit`, { revision: draft.revision });
    const approved = await reviewer.json('POST', `/api/console/drafts/${draft.id}/approve`, { revision: submitted.body.draft.revision });
    const toSeq = approved.body.published.toSeq;

    let pubs = (await reviewer.json('GET', '/api/console/publications')).body.publications;
    expect(pubs[0]).toMatchObject({ toSeq, eligible: 2, reached: 0 });

    // Only the county kiosk reports the new cursor.
    await beat(county.heartbeatToken, { appVersion: '1', cursor: toSeq });
    pubs = (await reviewer.json('GET', '/api/console/publications')).body.publications;
    expect(pubs[0]).toMatchObject({ eligible: 2, reached: 1, notYet: ['kiosk-dongshan-1'] });

    let fleet = (await reviewer.json('GET', '/api/console/kiosks')).body.kiosks;
    const byId = (id: string) => fleet.find((k: { id: string }) => k.id === id);
    expect(byId('kiosk-dongshan-1')).toMatchObject({ pendingChanges: 1, lagging: false, unseen: false });

    const pageStartedAt = new Date(h.clock.ms - 3600_000).toISOString();
    h.clock.advance(6 * 60_000);
    await beat(county.heartbeatToken, { appVersion: '1', cursor: toSeq, pageStartedAt });
    const fresh = await h.login('reviewer-mz');
    fleet = (await fresh.json('GET', '/api/console/kiosks')).body.kiosks;
    // Lag: one change behind, published 6 minutes ago; uptime: the page started 66 minutes before its last contact.
    expect(byId('kiosk-dongshan-1')).toMatchObject({
      pendingChanges: 1,
      lagging: true,
      unseen: false,
      lagSeconds: 360,
      uptimeSeconds: null,
    });
    expect(byId('kiosk-county-1')).toMatchObject({
      pendingChanges: 0,
      lagging: false,
      lagSeconds: null,
      pageStartedAt,
      uptimeSeconds: 66 * 60,
    });

    h.clock.advance(10 * 60_000);
    fleet = (await (await h.login('reviewer-mz')).json('GET', '/api/console/kiosks')).body.kiosks;
    expect(byId('kiosk-dongshan-1'), JSON.stringify(fleet)).toMatchObject({ unseen: true });
    expect(byId('kiosk-county-1')).toMatchObject({ unseen: false });
  });

  it('does not count kiosks of another hall for a hall-scoped publish', async () => {
    await register('kiosk-county-1', 'hall-county');
    await register('kiosk-dongshan-1', 'point-dongshan');
    const admin = await h.login('admin');
    const reviewer = await h.login('reviewer-mz');
    const created = await admin.json('POST', '/api/console/drafts', {
      type: 'notice',
      data: {
        id: 'notice-dongshan',
        scope: 'hall:point-dongshan',
        title: '停电通知',
        format: 'plain',
        body: '今日停电。',
        priority: 'urgent',
        departmentId: 'dept-mz',
        publishAt: '2026-11-23T00:00:00+08:00',
        expiresAt: null,
      },
    });
    const submitted = await admin.json('POST', `/api/console/drafts/${created.body.draft.id}/submit`, { revision: 1 });
    await reviewer.json('POST', `/api/console/drafts/${created.body.draft.id}/approve`, { revision: submitted.body.draft.revision });
    const pubs = (await reviewer.json('GET', '/api/console/publications')).body.publications;
    expect(pubs[0]).toMatchObject({ eligible: 1, reached: 0, notYet: ['kiosk-dongshan-1'] });
  });
});

describe('the console fleet routes check their input at the route', () => {
  it('refuses a bad ?history, ?limit or ?refresh with a 422 naming it, and keeps the defaults when they are left out', async () => {
    const reviewer = await h.login('reviewer-mz');
    for (const path of [
      '/api/console/alerts?history=abc',
      '/api/console/alerts?history=0',
      '/api/console/alerts?history=201',
      '/api/console/alerts?history=2.5',
      '/api/console/alerts?history=1&history=2',
      '/api/console/alerts?refresh=yes',
      '/api/console/publications?limit=-1',
      '/api/console/publications?limit=501',
    ]) {
      const res = await reviewer.json('GET', path);
      expect(res.status, path).toBe(422);
      const field = new URL(path, h.url).searchParams.keys().next().value;
      expect(res.body.problems, path).toEqual([{ field, message: expect.stringMatching(/整数|只能是/) }]);
    }
    const alerts = await reviewer.json('GET', '/api/console/alerts?refresh=1&history=200');
    expect(alerts.status).toBe(200);
    expect(alerts.body).toMatchObject({ alerts: [], history: [], webhookConfigured: false });
    expect((await reviewer.json('GET', '/api/console/publications?limit=500')).status).toBe(200);
    expect((await reviewer.json('GET', '/api/console/publications')).status).toBe(200);
  });

  it('a body that is not JSON is a 400, an empty object a 422 naming each field, and a non-admin a 403 whatever the body', async () => {
    const admin = await h.login('admin');
    const notJson = await admin.request('POST', '/api/console/kiosks', undefined, { 'Content-Type': 'application/json' });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).message).toBe('请求体不是有效的 JSON 对象');
    const malformed = await fetch(`${h.url}/api/console/kiosks/pair`, {
      method: 'POST',
      headers: { Origin: h.url, Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf, 'Content-Type': 'application/json' },
      body: '{"code": "1234',
    });
    expect(malformed.status).toBe(400);
    const untyped = await admin.json('POST', '/api/console/kiosks');
    expect(untyped.status).toBe(400);
    expect(untyped.body.message).toContain('Content-Type: application/json');
    const empty = await admin.json('POST', '/api/console/kiosks', {});
    expect(empty.status).toBe(422);
    expect(empty.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(['hallId', 'id', 'name', 'staffPin']);

    const reviewer = await h.login('reviewer-mz');
    const refused = await reviewer.json('POST', '/api/console/kiosks', { id: 'x' });
    expect(refused.status).toBe(403);
    const audit = await h.console.consoleStore.listAudit({ limit: 5 });
    expect(audit[0]).toMatchObject({ action: 'denied', actorName: 'reviewer-mz', targetId: 'POST /kiosks' });
    expect(await h.console.consoleStore.listKiosks()).toEqual([]);
  });
});
