import 'fake-indexeddb/auto';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { pbkdf2Sync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadKioskConfig, refreshKioskConfig, verifyStaffPin } from '../../../src/kiosk/config';

const files = new Map<string, string>();
let http: ServerType;
let origin: string;
let dbName: string;
let n = 0;

const KEY = 'MCowBQYDK2VwAyEAq7mUXnqO9ZqzpZbM0cEdzq6V3pQ='.slice(0, 43) + '=';
const pinHash = (pin: string, iterations = 1000) => {
  const salt = Buffer.from('0123456789abcdef');
  return `pbkdf2-sha256$${iterations}$${salt.toString('base64')}$${pbkdf2Sync(pin, salt, iterations, 32, 'sha256').toString('base64')}`;
};
const validConfig = (kioskId: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    kioskId,
    hallId: 'hall-county',
    feedUrl: '/',
    feedPublicKey: KEY,
    pollIntervalSeconds: 15,
    staffPinHash: pinHash('246810'),
    ...over,
  });
const loc = (search = '') => ({ origin, search });

beforeAll(async () => {
  const app = new Hono();
  app.get('/kiosk-config/:file', (c) => {
    const body = files.get(c.req.param('file'));
    return body === undefined ? c.text('not found', 404) : c.body(body, 200, { 'content-type': 'application/json' });
  });
  http = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => http.close(() => r())));
beforeEach(() => {
  files.clear();
  dbName = `config-test-${process.pid}-${++n}`;
});

describe('loadKioskConfig', () => {
  it('fetches the default kiosk config on first launch, fills defaults, and reuses it offline', async () => {
    files.set('kiosk-county-1.json', validConfig('kiosk-county-1'));
    const first = await loadKioskConfig(loc(), { dbName });
    expect(first).toMatchObject({
      ok: true,
      source: 'fetched',
      config: { kioskId: 'kiosk-county-1', pollIntervalSeconds: 15, idleTimeoutSeconds: 90, theme: 'default' },
    });
    files.clear(); // server gone / offline
    const offline = await loadKioskConfig(loc(), { dbName });
    expect(offline).toMatchObject({ ok: true, source: 'stored', config: { kioskId: 'kiosk-county-1' } });
    const offlineNoServer = await loadKioskConfig(loc(), { dbName, fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    expect(offlineNoServer.ok).toBe(true);
  });

  it('uses ?kiosk= to pick the kiosk, and switches when it names another one', async () => {
    files.set('kiosk-xihe-1.json', validConfig('kiosk-xihe-1', { hallId: 'point-xihe' }));
    files.set('kiosk-dongshan-1.json', validConfig('kiosk-dongshan-1', { hallId: 'point-dongshan' }));
    expect(await loadKioskConfig(loc('?kiosk=kiosk-xihe-1'), { dbName })).toMatchObject({ ok: true, config: { hallId: 'point-xihe' } });
    expect(await loadKioskConfig(loc('?kiosk=kiosk-xihe-1'), { dbName })).toMatchObject({ ok: true, source: 'stored' });
    expect(await loadKioskConfig(loc(), { dbName })).toMatchObject({ ok: true, source: 'stored', config: { kioskId: 'kiosk-xihe-1' } });
    expect(await loadKioskConfig(loc('?kiosk=kiosk-dongshan-1'), { dbName })).toMatchObject({
      ok: true,
      source: 'fetched',
      config: { hallId: 'point-dongshan' },
    });
    expect(await loadKioskConfig(loc(), { dbName })).toMatchObject({ ok: true, config: { kioskId: 'kiosk-dongshan-1' } });
  });

  it('says the file is missing (404), naming the path and the kiosk id, and that the kiosk can pair', async () => {
    const r = await loadKioskConfig(loc('?kiosk=kiosk-nowhere'), { dbName });
    expect(r).toEqual({
      ok: false,
      needsPairing: true,
      problem: expect.stringMatching(/找不到终端配置 \/kiosk-config\/kiosk-nowhere\.json（HTTP 404）.*kiosk-nowhere/),
    });
  });

  it('says the config could not be fetched when the network is down on first launch', async () => {
    const r = await loadKioskConfig(loc(), { dbName, fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toMatch(/无法获取终端配置.*首次启动必须联网/);
  });

  it('reports invalid JSON', async () => {
    files.set('kiosk-county-1.json', '{"kioskId": "kiosk-county-1",');
    const r = await loadKioskConfig(loc(), { dbName });
    expect(!r.ok && r.problem).toMatch(/不是有效的 JSON/);
  });

  it('names each invalid field and its rule, and stores nothing', async () => {
    files.set('kiosk-county-1.json', validConfig('kiosk-county-1', { feedPublicKey: 'abc', pollIntervalSeconds: 0, theme: 'neon' }));
    const r = await loadKioskConfig(loc(), { dbName });
    expect(r.ok).toBe(false);
    const problem = !r.ok ? r.problem : '';
    expect(problem).toMatch(/feedPublicKey: 必须是 32 字节 Ed25519 公钥的 base64 编码/);
    expect(problem).toMatch(/pollIntervalSeconds: 轮询间隔至少 1 秒/);
    expect(problem).toMatch(/theme: 主题必须是/);
    files.clear();
    expect((await loadKioskConfig(loc(), { dbName })).ok).toBe(false);
  });

  it('reports a missing required field and a kioskId that does not match the file name', async () => {
    files.set(
      'kiosk-county-1.json',
      JSON.stringify({ kioskId: 'kiosk-county-1', feedUrl: '/', feedPublicKey: KEY, staffPinHash: pinHash('1234') }),
    );
    expect((await loadKioskConfig(loc(), { dbName })) as { problem: string }).toMatchObject({ problem: expect.stringMatching(/hallId:/) });
    files.set('kiosk-county-1.json', validConfig('kiosk-xihe-1'));
    expect((await loadKioskConfig(loc(), { dbName })) as { problem: string }).toMatchObject({
      problem: expect.stringMatching(/kioskId: .*kiosk-xihe-1.*kiosk-county-1/),
    });
  });

  it('refuses a malformed ?kiosk= before fetching anything', async () => {
    const r = await loadKioskConfig(loc('?kiosk=../../etc/passwd'), { dbName, fetch: () => Promise.reject(new Error('must not fetch')) });
    expect(!r.ok && r.problem).toMatch(/kiosk 参数.*不是有效的终端编号/);
  });

  it('refreshes a stored config when the server has a newer valid one', async () => {
    files.set('kiosk-county-1.json', validConfig('kiosk-county-1'));
    const first = await loadKioskConfig(loc(), { dbName });
    if (!first.ok) throw new Error(first.problem);
    expect(await refreshKioskConfig(first.config, loc(), { dbName })).toEqual({ changed: false });
    files.set('kiosk-county-1.json', validConfig('kiosk-county-1', { pollIntervalSeconds: 60 }));
    expect(await refreshKioskConfig(first.config, loc(), { dbName })).toEqual({ changed: true });
    expect(await loadKioskConfig(loc(), { dbName })).toMatchObject({ config: { pollIntervalSeconds: 60 } });
    files.set('kiosk-county-1.json', 'broken');
    expect((await refreshKioskConfig(first.config, loc(), { dbName })).changed).toBe(false);
    expect(await loadKioskConfig(loc(), { dbName })).toMatchObject({ config: { pollIntervalSeconds: 60 } });
  });
});

describe('verifyStaffPin', () => {
  it('accepts the right PIN and refuses others and malformed hashes', async () => {
    const hash = pinHash('246810');
    expect(await verifyStaffPin('246810', hash)).toBe(true);
    expect(await verifyStaffPin('246811', hash)).toBe(false);
    expect(await verifyStaffPin('', hash)).toBe(false);
    expect(await verifyStaffPin('246810', hash.replace('$1000$', '$1001$'))).toBe(false);
    expect(await verifyStaffPin('246810', 'sha1$1$aa$bb')).toBe(false);
    expect(await verifyStaffPin('246810', 'pbkdf2-sha256$0$YQ==$YQ==')).toBe(false);
  });

  it('checks the demo kiosk config PIN hash format produced by the server tooling', async () => {
    const { hashPin } = await import('../../../src/server/kiosk-config/pin-hash');
    expect(await verifyStaffPin('13579', hashPin('13579', { iterations: 2000 }))).toBe(true);
  });
});
