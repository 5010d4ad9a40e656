/**
 * What the server serves besides the feed: kiosk configs with the feed key,
 * the phone page behind the QR code, and the built front ends.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPin } from '../../../src/server/kiosk-config/pin-hash';
import { KioskConfigSchema } from '../../../src/shared/kiosk-config';
import { fee, guide, smallDataset } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
afterEach(async () => server?.close());

describe('kiosk config provisioning', () => {
  it("serves every demo kiosk config with this server's public key, valid under the schema", async () => {
    server = await startTestServer({ records: smallDataset() });
    const expectedHalls = {
      'kiosk-county-1': 'hall-county',
      'kiosk-dongshan-1': 'point-dongshan',
      'kiosk-xihe-1': 'point-xihe',
      'kiosk-nanping-1': 'point-nanping',
    };
    for (const [kioskId, hallId] of Object.entries(expectedHalls)) {
      const res = await server.get(`/kiosk-config/${kioskId}.json`);
      expect(res.status, kioskId).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const config = v.parse(KioskConfigSchema, await res.json());
      expect(config).toMatchObject({
        kioskId,
        hallId,
        feedUrl: '/',
        feedPublicKey: server.publicKey,
        pollIntervalSeconds: 30,
        idleTimeoutSeconds: 90,
      });
      // Anyone on the network can read this: no PIN hash, no heartbeat token.
      expect(config).not.toHaveProperty('staffPinHash');
      expect(config).not.toHaveProperty('heartbeatToken');
    }
  });

  it("checks a template kiosk's staff PIN on the server and locks its panel after 5 wrong PINs", async () => {
    server = await startTestServer({ records: smallDataset() });
    const check = (pin: string, kioskId = 'kiosk-county-1') =>
      server.get(`/kiosk-config/${kioskId}/staff-pin`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ pin }),
      });
    const right = await check('2468');
    expect(right.status).toBe(200);
    expect(await right.json()).toEqual({ ok: true });
    for (let i = 4; i >= 1; i--) {
      const wrong = await check('1111');
      expect(wrong.status).toBe(403);
      expect(await wrong.json()).toMatchObject({ ok: false, attemptsLeft: i, message: '密码不正确' });
    }
    const fifth = await check('1112');
    expect(fifth.status).toBe(429);
    expect(((await fifth.json()) as { message: string }).message).toBe('密码错误次数过多，维护面板已锁定，请 5 分钟后再试');
    // Locked: even the right PIN is refused now, and other kiosks are not affected.
    const locked = await check('2468');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(200);
    expect((await check('2468', 'kiosk-xihe-1')).status).toBe(200);
    expect((await check('12ab')).status).toBe(400);
    expect((await check('2468', 'kiosk-nowhere')).status).toBe(404);
  });

  it("fills in the server's PUBLIC_URL for QR codes unless the kiosk sets its own; a bad one names the problem", async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'shk-configs-'));
    const base = { hallId: 'hall-county', feedUrl: '/', staffPinHash: hashPin('2468') };
    writeFileSync(join(configDir, 'kiosk-plain.json'), JSON.stringify({ ...base, kioskId: 'kiosk-plain' }));
    writeFileSync(
      join(configDir, 'kiosk-own.json'),
      JSON.stringify({ ...base, kioskId: 'kiosk-own', publicUrl: 'https://village.example.cn' }),
    );
    writeFileSync(
      join(configDir, 'kiosk-ftp.json'),
      JSON.stringify({ ...base, kioskId: 'kiosk-ftp', publicUrl: 'ftp://village.example.cn' }),
    );
    server = await startTestServer({ records: smallDataset(), kioskConfigDir: configDir, publicUrl: 'https://zwfw.example.gov.cn' });
    expect(await (await server.get('/kiosk-config/kiosk-plain.json')).json()).toMatchObject({ publicUrl: 'https://zwfw.example.gov.cn' });
    expect(await (await server.get('/kiosk-config/kiosk-own.json')).json()).toMatchObject({ publicUrl: 'https://village.example.cn' });
    const ftp = await server.get('/kiosk-config/kiosk-ftp.json');
    expect(ftp.status).toBe(500);
    expect(((await ftp.json()) as { message: string }).message).toMatch(/publicUrl: 只接受 https 或 http 网址/);
    await server.close();

    server = await startTestServer({ records: smallDataset(), kioskConfigDir: configDir });
    expect(await (await server.get('/kiosk-config/kiosk-plain.json')).json()).not.toHaveProperty('publicUrl');
  });

  it('404 for an unknown kiosk, 400 for a malformed id, 500 naming the field for a broken template', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'shk-configs-'));
    writeFileSync(
      join(configDir, 'kiosk-bad.json'),
      JSON.stringify({ kioskId: 'kiosk-bad', hallId: 'hall-county', feedUrl: '/', feedPublicKey: '', staffPinHash: 'plain-2468' }),
    );
    writeFileSync(join(configDir, 'kiosk-broken.json'), '{ not json');
    server = await startTestServer({ records: smallDataset(), kioskConfigDir: configDir });
    expect((await server.get('/kiosk-config/kiosk-nowhere.json')).status).toBe(404);
    expect((await server.get('/kiosk-config/..%2Fpackage.json')).status).toBe(400);
    const bad = await server.get('/kiosk-config/kiosk-bad.json');
    expect(bad.status).toBe(500);
    expect(((await bad.json()) as { message: string }).message).toMatch(/staffPinHash: 必须是 pbkdf2-sha256/);
    const broken = await server.get('/kiosk-config/kiosk-broken.json');
    expect(((await broken.json()) as { message: string }).message).toMatch(/not valid JSON/);
  });

  it('hashes PINs in the WebCrypto-compatible format with a fresh salt each time', () => {
    const a = hashPin('2468');
    const b = hashPin('2468');
    expect(a).not.toBe(b);
    const [, iterations, salt, hash] = a.split('$');
    expect(iterations).toBe('100000');
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64')).toHaveLength(32);
    expect(() => hashPin('12')).toThrow(/4 到 12 位数字/);
  });
});

describe('mobile guide page /m/guides/:id', () => {
  it('shows every part of the guide with fee amounts in yuan, escaped, with no script', async () => {
    const nasty = guide('guide-nasty', { feeIds: ['fee-a', 'fee-b', 'fee-old', 'fee-soon'], name: '测试<script>alert(1)</script>事项' });
    const old = { ...fee('fee-old', 99), effectiveFrom: '2020-01-01T00:00:00+08:00', effectiveTo: '2021-01-01T00:00:00+08:00' };
    const soon = { ...fee('fee-soon', 2000), effectiveFrom: '2099-01-01T00:00:00+08:00' };
    server = await startTestServer({ records: [...smallDataset(), old, soon, nasty] });
    const res = await server.get('/m/guides/guide-nasty');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html; charset=utf-8/i);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await res.text();
    // The only script is the checklist's own, allowed by its hash; guide text is escaped.
    expect(page.match(/<script/gi)).toHaveLength(1);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(page).toContain('测试&lt;script&gt;alert(1)&lt;/script&gt;事项');
    expect(page).toContain('¥12.50（元/件）');
    expect(page).toContain('¥80.00（元/件）');
    expect(page).not.toContain('¥0.99');
    expect(page).toContain('¥20.00');
    expect(page).toContain('尚未执行');
    for (const text of [
      '低保',
      '000204001000',
      '行政给付',
      '县民政局',
      '个人',
      '承诺件',
      '30 个工作日',
      '15 个工作日',
      '1 次',
      '居民身份证',
      '原件 1 份，复印件 1 份',
      '申请人自备',
      '受理通知书',
      '社会救助暂行办法',
      '第九条',
      '家庭人均收入低于当地低保标准',
      '多久能办好？',
      '周一至周五 9:00-17:00',
      'tel:00005550101',
      '0000-5550102',
      '县政务服务中心',
      'A01',
      '低保户免收',
      '测价〔2026〕1号',
      '社会救助',
      '困难救助',
      '低保证',
    ]) {
      expect(page, text).toContain(text);
    }
    expect(page).toMatch(/name="viewport"/);
  });

  it('says 不收费 for a guide without fees and answers 404 with a page for a missing guide', async () => {
    server = await startTestServer({ records: smallDataset() });
    expect(await (await server.get('/m/guides/guide-village')).text()).toContain('不收费');
    const missing = await server.get('/m/guides/no-such-guide');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('未找到这份办事指南');
  });
});

describe('static front ends', () => {
  it('serves the kiosk shell at / and for app routes, assets immutable, HTML and sw.js no-cache, missing assets 404', async () => {
    server = await startTestServer({ records: smallDataset() });
    for (const path of ['/', '/guides/guide-dibao', '/duty']) {
      const res = await server.get(path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('kiosk shell');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain('blob:');
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    }
    const asset = await server.get('/assets/app-abc123.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(await asset.text()).toContain('console.log');
    expect((await server.get('/sw.js')).headers.get('cache-control')).toBe('no-cache');
    expect((await server.get('/assets/missing-123.js')).status).toBe(404);
    const unknownEndpoint = await server.get('/feed/v1/nope');
    expect(unknownEndpoint.status).toBe(404);
    expect(await unknownEndpoint.json()).toMatchObject({ error: 'not-found' });
    // Traversal never leaves staticDir: at most the kiosk shell answers.
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fetc%2fpasswd']) {
      expect(await (await server.get(path)).text(), path).not.toContain('root:');
    }
    // No console build: /console is a clear 404, not the kiosk.
    expect((await server.get('/console')).status).toBe(404);
  });

  it('serves the console shell under /console when it is built', async () => {
    server = await startTestServer({ records: smallDataset(), console: true });
    for (const path of ['/console', '/console/', '/console/guides/edit']) {
      const res = await server.get(path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('console shell');
    }
    expect(await (await server.get('/consoles')).text()).toContain('kiosk shell');
  });
});
