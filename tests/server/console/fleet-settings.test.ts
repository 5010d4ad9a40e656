/**
 * A paired kiosk's settings kept in the console: chosen from a template when
 * pairing, edited by an admin (audited, bad input named), and carried to the
 * kiosk in its heartbeat reply, with token and PIN hash, without re-pairing.
 * Remote actions: queued, delivered in a heartbeat reply, acknowledged.
 */
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPinHash } from '../../../src/server/kiosk-config/pin-hash';
import { KioskConfigSchema } from '../../../src/shared/kiosk-config';
import { startHarness, type Agent, type Harness } from './support/harness';

let h: Harness;
let admin: Agent;
beforeEach(async () => {
  h = await startHarness({ console: { publicUrl: 'https://zwfw.example.gov.cn' } });
  admin = await h.login('admin');
});
afterEach(async () => {
  await h.close();
});

async function pairVillageKiosk() {
  const { code, secret } = await (await fetch(`${h.url}/api/kiosk/pairing`, { method: 'POST' })).json();
  const paired = await admin.json('POST', '/api/console/kiosks/pair', {
    code,
    id: 'kiosk-xihe-2',
    hallId: 'point-dongshan',
    name: '西河村代办点',
    templateId: 'village-point',
    idleTimeoutSeconds: 150,
    staffPin: '135790',
  });
  expect(paired.status).toBe(201);
  const res = await fetch(`${h.url}/api/kiosk/pairing/status`, { method: 'POST', headers: { Authorization: `Bearer ${secret}` } });
  return (await res.json()).config as Record<string, any>;
}

const beat = async (token: string, extra: Record<string, unknown> = {}) => {
  const res = await fetch(`${h.url}/api/kiosk/heartbeat`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ appVersion: '1', cursor: 0, ...extra }),
  });
  expect(res.status).toBe(200);
  return res.json() as Promise<{ settingsVersion: number | null; config?: Record<string, any>; actions: { id: number; action: string }[] }>;
};

describe('kiosk settings in the console', () => {
  it('offers the seeded templates and pairs with one, fields typed by staff winning', async () => {
    const templates = (await admin.json('GET', '/api/console/kiosk-templates')).body.templates;
    expect(templates.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['大厅竖屏', '村代办点']));
    const config = await pairVillageKiosk();
    expect(config).toMatchObject({
      languages: ['zh-Hans'],
      printer: 'a4',
      theme: 'high-contrast',
      elderModeDefault: true,
      idleTimeoutSeconds: 150,
      publicUrl: 'https://zwfw.example.gov.cn',
      settingsVersion: 1,
    });
    const shown = await admin.json('GET', '/api/console/kiosks/kiosk-xihe-2/settings');
    expect(shown.body.settings).toMatchObject({ printer: 'a4', elderModeDefault: true });
    expect(JSON.stringify(shown.body)).not.toContain('pbkdf2');
    const unknown = await admin.json('POST', '/api/console/kiosks/pair', {
      code: '00000000',
      id: 'kiosk-x',
      hallId: 'hall-county',
      name: 'x',
      templateId: 'nope',
      staffPin: '135790',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.problems).toEqual([{ field: 'templateId', message: '没有这个设置模板' }]);
  });

  it('an edit reaches the kiosk in its next heartbeat reply, with its token and new PIN, and is audited', async () => {
    const config = await pairVillageKiosk();
    const token = config.heartbeatToken as string;
    // Up to date: nothing to send.
    expect(await beat(token, { settingsVersion: 1 })).toEqual({ settingsVersion: 1, actions: [] });

    const edited = await admin.json('PATCH', '/api/console/kiosks/kiosk-xihe-2/settings', {
      hallId: 'hall-county',
      printer: 'none',
      elderModeDefault: false,
      idleTimeoutSeconds: 60,
      publicUrl: 'https://village.example.cn',
      staffPin: '97531864',
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.version).toBe(2);
    expect(edited.body.changed).toEqual(
      expect.arrayContaining(['hallId', 'printer', 'elderModeDefault', 'idleTimeoutSeconds', 'publicUrl', 'staffPin']),
    );

    const reply = await beat(token, { settingsVersion: 1 });
    expect(reply.settingsVersion).toBe(2);
    const next = v.parse(KioskConfigSchema, reply.config);
    expect(next).toMatchObject({
      kioskId: 'kiosk-xihe-2',
      hallId: 'hall-county',
      printer: 'none',
      elderModeDefault: false,
      idleTimeoutSeconds: 60,
      publicUrl: 'https://village.example.cn',
      heartbeatToken: token,
      settingsVersion: 2,
    });
    expect(verifyPinHash('97531864', next.staffPinHash!)).toBe(true);
    expect(verifyPinHash('135790', next.staffPinHash!)).toBe(false);
    expect((await beat(token, { settingsVersion: 2 })).config).toBeUndefined();

    const fleet = (await admin.json('GET', '/api/console/kiosks')).body.kiosks;
    expect(fleet.find((k: { id: string }) => k.id === 'kiosk-xihe-2')).toMatchObject({
      hallId: 'hall-county',
      settingsVersion: 2,
      runningSettingsVersion: 2,
    });
    const audit = (await admin.json('GET', '/api/console/audit?action=kiosk.settings')).body.entries;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetId: 'kiosk-xihe-2', actorName: 'admin' });
    expect(audit[0].detail).toContain('printer');
    expect(audit[0].detail).not.toContain('pbkdf2');
  });

  it('refuses bad settings naming the field, an unknown hall, and edits by non-admins', async () => {
    await pairVillageKiosk();
    const bad = await admin.json('PATCH', '/api/console/kiosks/kiosk-xihe-2/settings', { idleTimeoutSeconds: 5, printer: 'laser' });
    expect(bad.status).toBe(422);
    expect(bad.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(['idleTimeoutSeconds', 'printer']);
    const url = await admin.json('PATCH', '/api/console/kiosks/kiosk-xihe-2/settings', { publicUrl: 'ftp://x.example.cn' });
    expect(url.body.problems[0].field).toBe('publicUrl');
    const hall = await admin.json('PATCH', '/api/console/kiosks/kiosk-xihe-2/settings', { hallId: 'hall-nowhere' });
    expect(hall.body.problems).toEqual([{ field: 'hallId', message: '没有这个大厅' }]);
    const editor = await h.login('editor-mz');
    expect((await editor.json('PATCH', '/api/console/kiosks/kiosk-xihe-2/settings', { printer: 'none' })).status).toBe(403);
    expect((await admin.json('PATCH', '/api/console/kiosks/kiosk-nowhere/settings', { printer: 'none' })).status).toBe(404);
    expect((await admin.json('GET', '/api/console/kiosks/kiosk-xihe-2/settings')).body.version).toBe(1);
  });
});

describe('remote actions', () => {
  it('are queued, delivered once in a heartbeat reply, acknowledged, and shown with their state', async () => {
    const { heartbeatToken: token } = await pairVillageKiosk();
    const queued = await admin.json('POST', '/api/console/kiosks/kiosk-xihe-2/actions', { action: 'resync' });
    expect(queued.status).toBe(201);
    expect(queued.body.action).toMatchObject({ action: 'resync', state: 'queued', createdBy: 'admin' });
    const bad = await admin.json('POST', '/api/console/kiosks/kiosk-xihe-2/actions', { action: 'format-disk' });
    expect(bad.status).toBe(422);
    expect(bad.body.problems[0].field).toBe('action');
    const editor = await h.login('editor-mz');
    expect((await editor.json('POST', '/api/console/kiosks/kiosk-xihe-2/actions', { action: 'reload' })).status).toBe(403);

    const first = await beat(token, { settingsVersion: 1 });
    expect(first.actions).toEqual([{ id: queued.body.action.id, action: 'resync' }]);
    expect((await beat(token, { settingsVersion: 1 })).actions).toEqual([]);
    let listed = (await admin.json('GET', '/api/console/kiosks/kiosk-xihe-2/actions')).body.actions;
    expect(listed[0]).toMatchObject({ state: 'delivered' });
    expect(listed[0].deliveredAt).toBeTruthy();

    // An acknowledgement for an action of another kiosk (or made up) changes nothing.
    await beat(token, { settingsVersion: 1, acks: [{ id: 9999, ok: true }] });
    await beat(token, { settingsVersion: 1, acks: [{ id: queued.body.action.id, ok: true }] });
    listed = (await admin.json('GET', '/api/console/kiosks/kiosk-xihe-2/actions')).body.actions;
    expect(listed[0]).toMatchObject({ state: 'done' });
    expect((await admin.json('GET', '/api/console/audit?action=kiosk.action')).body.entries[0]).toMatchObject({
      targetId: 'kiosk-xihe-2',
      detail: 'resync',
    });
  });
});
