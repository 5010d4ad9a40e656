/**
 * The remote actions added to reload/resync/clear-cache: rebuild the search
 * index (the kiosk acknowledges with its document count and time) and a
 * screenshot (the kiosk uploads a picture with its token to a size-limited
 * endpoint; the console lists and shows it; a limited number is kept).
 */
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCREENSHOT_MAX_BYTES, SCREENSHOTS_PER_KIOSK } from '../../../src/server/console/fleet/fleet';
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

async function register(id: string) {
  const res = await admin.json('POST', '/api/console/kiosks', { id, hallId: 'hall-county', name: id, staffPin: '246813' });
  expect(res.status).toBe(201);
  return res.body.config.heartbeatToken as string;
}

const beat = async (token: string, extra: Record<string, unknown> = {}) => {
  const res = await fetch(`${h.url}/api/kiosk/heartbeat`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ appVersion: '1', cursor: 0, ...extra }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { actions: { id: number; action: string }[] };
};

const upload = (token: string, actionId: number, body: Uint8Array<ArrayBuffer>, type = 'image/jpeg') =>
  fetch(`${h.url}/api/kiosk/screenshot/${actionId}?width=64&height=48`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': type },
    body,
  });

const jpeg = (shade: number) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: { r: shade, g: 80, b: 120 } } })
    .jpeg()
    .toBuffer()
    .then((b) => new Uint8Array(b) as Uint8Array<ArrayBuffer>);

async function queue(kioskId: string, action: string) {
  const res = await admin.json('POST', `/api/console/kiosks/${kioskId}/actions`, { action });
  expect(res.status).toBe(201);
  return res.body.action as { id: number };
}

describe('remote actions: rebuild the search index, screenshot', () => {
  it('a rebuild-index action reaches the kiosk and its acknowledgement (count and time) shows in the console, audited', async () => {
    const token = await register('kiosk-county-3');
    const { id } = await queue('kiosk-county-3', 'rebuild-index');
    expect((await beat(token)).actions).toEqual([{ id, action: 'rebuild-index' }]);
    await beat(token, { acks: [{ id, ok: true, detail: '搜索索引已重建：1234 条，用时 850 毫秒' }] });
    const actions = (await admin.json('GET', '/api/console/kiosks/kiosk-county-3/actions')).body.actions;
    expect(actions[0]).toMatchObject({ id, action: 'rebuild-index', state: 'done', detail: '搜索索引已重建：1234 条，用时 850 毫秒' });
    const audit = (await admin.json('GET', '/api/console/audit?action=kiosk.action')).body.entries;
    expect(audit.map((e: { detail: string }) => e.detail)).toContain('rebuild-index');
    const bad = await admin.json('POST', '/api/console/kiosks/kiosk-county-3/actions', { action: 'format-disk' });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('screenshot');
  });

  it('a kiosk uploads the picture a screenshot action asked for; the console lists and shows it', async () => {
    const token = await register('kiosk-county-3');
    const other = await register('kiosk-county-4');
    const { id } = await queue('kiosk-county-3', 'screenshot');
    const picture = await jpeg(200);
    // Not yet delivered: nothing waits for a picture.
    expect((await upload(token, id, picture)).status).toBe(404);
    expect((await beat(token)).actions).toEqual([{ id, action: 'screenshot' }]);

    // Another kiosk's token, no token, a body that is not the image it claims: all refused.
    expect((await upload(other, id, picture)).status).toBe(404);
    expect((await fetch(`${h.url}/api/kiosk/screenshot/${id}`, { method: 'POST', body: picture })).status).toBe(401);
    const notJpeg = await upload(token, id, new TextEncoder().encode('<html>hello</html>'));
    expect(notJpeg.status).toBe(422);
    expect((await upload(token, id, picture, 'text/html')).status).toBe(422);

    const ok = await upload(token, id, picture);
    expect(ok.status).toBe(201);
    // Once: the action is done, a second upload for it is refused.
    expect((await upload(token, id, picture)).status).toBe(404);
    const action = (await admin.json('GET', '/api/console/kiosks/kiosk-county-3/actions')).body.actions[0];
    expect(action).toMatchObject({ id, state: 'done' });
    expect(action.detail).toContain('64×48');

    const shots = (await admin.json('GET', '/api/console/kiosks/kiosk-county-3/screenshots')).body.screenshots;
    expect(shots).toEqual([expect.objectContaining({ actionId: id, type: 'image/jpeg', width: 64, height: 48, size: picture.byteLength })]);
    const image = await admin.request('GET', `/api/console/kiosk-screenshots/${shots[0].id}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(picture);
    expect((await fetch(`${h.url}/api/console/kiosk-screenshots/${shots[0].id}`)).status).toBe(401);
    expect((await admin.json('GET', '/api/console/kiosks/kiosk-county-4/screenshots')).body.screenshots).toEqual([]);

    // Larger than the limit: refused before it is read (last: the server closes that connection).
    const next = await queue('kiosk-county-3', 'screenshot');
    await beat(token);
    const huge = new Uint8Array(SCREENSHOT_MAX_BYTES + 1024);
    huge.set([0xff, 0xd8, 0xff]);
    expect((await upload(token, next.id, huge)).status).toBe(413);
  });

  it(`keeps the newest ${SCREENSHOTS_PER_KIOSK} pictures per kiosk and none older than a week`, async () => {
    const token = await register('kiosk-county-3');
    const taken: number[] = [];
    for (let i = 0; i < SCREENSHOTS_PER_KIOSK + 2; i++) {
      const { id } = await queue('kiosk-county-3', 'screenshot');
      await beat(token);
      expect((await upload(token, id, await jpeg(10 * i))).status).toBe(201);
      taken.push(id);
      h.clock.advance(60_000);
    }
    let shots = (await admin.json('GET', '/api/console/kiosks/kiosk-county-3/screenshots')).body.screenshots;
    expect(shots.map((s: { actionId: number }) => s.actionId)).toEqual(taken.slice(-SCREENSHOTS_PER_KIOSK).reverse());

    h.clock.advance(8 * 24 * 3600_000);
    admin = await h.login('admin'); // the session ran out meanwhile
    const { id } = await queue('kiosk-county-3', 'screenshot');
    await beat(token);
    await upload(token, id, await jpeg(255));
    shots = (await admin.json('GET', '/api/console/kiosks/kiosk-county-3/screenshots')).body.screenshots;
    expect(shots.map((s: { actionId: number }) => s.actionId)).toEqual([id]);
  });
});
