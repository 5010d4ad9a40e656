/**
 * Pairing a kiosk by code over real HTTP: the kiosk asks for a code and
 * polls with its secret; staff enter the code with the settings; the kiosk
 * receives its configuration and token once. Wrong, expired and reused codes
 * are refused with a message, guesses are slowed, and a revoked kiosk's token
 * is refused at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Agent, type Harness } from './support/harness';

let h: Harness;
let admin: Agent;
beforeEach(async () => {
  h = await startHarness();
  admin = await h.login('admin');
});
afterEach(async () => {
  await h.close();
});

async function kioskAsksForCode(): Promise<{ code: string; secret: string }> {
  const res = await fetch(`${h.url}/api/kiosk/pairing`, { method: 'POST' });
  expect(res.status).toBe(201);
  return res.json();
}

const poll = (secret: string) =>
  fetch(`${h.url}/api/kiosk/pairing/status`, { method: 'POST', headers: { Authorization: `Bearer ${secret}` } });

const settings = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  id: 'kiosk-county-9',
  hallId: 'hall-county',
  name: '二楼 9 号机',
  languages: ['zh-Hans', 'en'],
  idleTimeoutSeconds: 120,
  printer: 'receipt-80mm',
  staffPin: '135790',
  ...extra,
});

const beat = (token: string) =>
  fetch(`${h.url}/api/kiosk/heartbeat`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ appVersion: '1', cursor: 0 }),
  });

describe('pairing by code', () => {
  it('delivers the configuration and token to the kiosk once, never to the console', async () => {
    const { code, secret } = await kioskAsksForCode();
    expect(code).toMatch(/^\d{8}$/);
    expect((await poll(secret)).status).toBe(202);
    const paired = await admin.json('POST', '/api/console/kiosks/pair', settings(`${code.slice(0, 4)} ${code.slice(4)}`));
    expect(paired.status).toBe(201);
    expect(paired.body.config.heartbeatToken).toBeUndefined();
    expect(paired.body.config.staffPinHash).toBeUndefined();
    const delivered = await poll(secret);
    expect(delivered.status).toBe(200);
    const { config } = await delivered.json();
    expect(config).toMatchObject({
      kioskId: 'kiosk-county-9',
      hallId: 'hall-county',
      languages: ['zh-Hans', 'en'],
      idleTimeoutSeconds: 120,
      printer: 'receipt-80mm',
      feedUrl: '/',
    });
    expect(config.staffPinHash).toMatch(/^pbkdf2-sha256\$/);
    expect((await beat(config.heartbeatToken)).status).toBe(200);
    expect((await poll(secret)).status).toBe(410);
    const kiosks = (await admin.json('GET', '/api/console/kiosks')).body.kiosks;
    expect(kiosks.map((k: any) => k.id)).toContain('kiosk-county-9');
    expect((await admin.json('GET', '/api/console/audit?action=kiosk.pair')).body.entries).toHaveLength(1);
  });

  it('refuses a wrong, an expired and a reused code with a message on the code field', async () => {
    const { code } = await kioskAsksForCode();
    const wrongCode = code === '00000000' ? '00000001' : '00000000';
    const wrong = await admin.json('POST', '/api/console/kiosks/pair', settings(wrongCode));
    expect(wrong.status).toBe(422);
    expect(wrong.body.problems).toEqual([{ field: 'code', message: expect.stringContaining('配对码不正确') }]);
    expect((await admin.json('POST', '/api/console/kiosks/pair', settings(code))).status).toBe(201);
    const reused = await admin.json('POST', '/api/console/kiosks/pair', settings(code, { id: 'kiosk-county-10' }));
    expect(reused.status).toBe(422);
    expect(reused.body.problems[0].message).toContain('已经用过');

    const late = await kioskAsksForCode();
    h.clock.advance(10 * 60_000 + 1000);
    const expired = await admin.json('POST', '/api/console/kiosks/pair', settings(late.code, { id: 'kiosk-county-11' }));
    expect(expired.status).toBe(422);
    expect(expired.body.problems[0].message).toContain('已过期');
    expect((await poll(late.secret)).status).toBe(410);
    expect((await admin.json('GET', '/api/console/audit?action=kiosk.pair-refused')).body.entries).toHaveLength(3);
  });

  it('slows guessing: after 10 wrong codes every guess waits, longer each time', async () => {
    const { code } = await kioskAsksForCode();
    let status = 0;
    let guesses = 0;
    for (let n = 0; n < 12 && status !== 429; n++) {
      const guess = String((Number(code) + 1 + n) % 100_000_000).padStart(8, '0');
      const res = await admin.request('POST', '/api/console/kiosks/pair', settings(guess));
      status = res.status;
      if (status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      else guesses++;
    }
    expect(guesses).toBe(10);
    expect(status).toBe(429);
    // Even the right code waits now: the wait is for everyone.
    expect((await admin.json('POST', '/api/console/kiosks/pair', settings(code))).status).toBe(429);
    h.clock.advance(3_000);
    expect((await admin.json('POST', '/api/console/kiosks/pair', settings(code))).status).toBe(201);
  });

  it('refuses bad settings field by field and uses no code for them', async () => {
    const { code, secret } = await kioskAsksForCode();
    const bad = await admin.json(
      'POST',
      '/api/console/kiosks/pair',
      settings(code, { staffPin: '12', languages: [], printer: 'A3', idleTimeoutSeconds: 5, id: 'Kiosk 9' }),
    );
    expect(bad.status).toBe(422);
    const fields = bad.body.problems.map((p: any) => p.field).sort();
    expect(fields).toEqual(['id', 'idleTimeoutSeconds', 'languages', 'printer', 'staffPin']);
    expect((await poll(secret)).status).toBe(202);
    const editor = await h.login('editor-mz');
    expect((await editor.json('POST', '/api/console/kiosks/pair', settings(code))).status).toBe(403);
    expect((await poll(secret)).status).toBe(202);
  });

  it('a revoked kiosk is refused at once; pairing a new device takes its place', async () => {
    const first = await kioskAsksForCode();
    await admin.json('POST', '/api/console/kiosks/pair', settings(first.code));
    const oldToken = (await (await poll(first.secret)).json()).config.heartbeatToken;
    expect((await beat(oldToken)).status).toBe(200);

    const second = await kioskAsksForCode();
    const taken = await admin.json('POST', '/api/console/kiosks/pair', settings(second.code));
    expect(taken.status).toBe(422);
    expect(taken.body.problems[0].field).toBe('id');
    expect((await admin.json('POST', '/api/console/kiosks/pair', settings(second.code, { replace: true }))).status).toBe(201);
    const newToken = (await (await poll(second.secret)).json()).config.heartbeatToken;
    expect((await beat(oldToken)).status).toBe(401);
    expect((await beat(newToken)).status).toBe(200);

    expect((await admin.json('DELETE', '/api/console/kiosks/kiosk-county-9')).status).toBe(200);
    expect((await beat(newToken)).status).toBe(401);
  });
});
