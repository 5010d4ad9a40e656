/**
 * Media in bundles against the real server: a first install fetches many portraits in a few
 * requests, a damaged file in a bundle is fetched again on its own, and a feed without bundles
 * (a static host) still delivers every file one by one.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKioskStore } from '../../../src/kiosk/store/kiosk-store';
import { createSyncEngine } from '../../../src/kiosk/sync/engine';
import { startServer, type RunningServer } from '../../../src/server/app';
import type { MediaRef } from '../../../src/shared/content';
import type { KioskConfig } from '../../../src/shared/kiosk-config';
import { department, hall, official } from '../store/fixtures';

let server: RunningServer;
let dir: string;
const portraits: MediaRef[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shk-media-bundle-'));
  server = await startServer({
    dataDir: dir,
    port: 0,
    host: '127.0.0.1',
    seedDemo: false,
    staticDir: dir,
    logger: pino({ level: 'silent' }),
  });
  for (let i = 0; i < 150; i++)
    portraits.push(
      await server.store.putMedia(
        new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg"><title>${i}</title></svg>`),
        'image/svg+xml',
      ),
    );
  await server.store.publish(
    [hall(), department(), ...portraits.map((p, i) => official(`o-${i}`, { photo: { ...p, alt: `照片 ${i}` } }))].map((record) => ({
      op: 'put' as const,
      record,
    })),
  );
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const config = (): KioskConfig => ({
  kioskId: 'kiosk-county-1',
  hallId: 'hall-county',
  feedUrl: `${server.url}/`,
  feedPublicKey: server.publicKey,
  pollIntervalSeconds: 30,
  idleTimeoutSeconds: 90,
  languages: ['zh-Hans'],
  staffPinHash: 'pbkdf2-sha256$1000$c2FsdA==$aGFzaA==',
  theme: 'default',
});

/** A fetch that records media request paths and may rewrite answers. */
function recordingFetch(rewrite?: (url: URL, res: Response) => Promise<Response>) {
  const media: string[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const res = await fetch(input, init);
    if (url.pathname.startsWith('/media/')) media.push(url.pathname.startsWith('/media/bundle') ? 'bundle' : 'single');
    return rewrite ? rewrite(url, res) : res;
  };
  return { fetchFn, media };
}

async function allStored(store: Awaited<ReturnType<typeof openKioskStore>>) {
  for (const p of portraits) if (!(await store.hasMedia(p.sha256))) return false;
  return true;
}

describe('media bundles', () => {
  it('brings 150 portraits in three requests', async () => {
    const { fetchFn, media } = recordingFetch();
    const store = await openKioskStore({ name: `bundle-${process.pid}-1` });
    const engine = createSyncEngine({ config: config(), store, fetch: fetchFn });
    await engine.syncNow();
    expect(engine.status()).toMatchObject({ phase: 'idle', lastError: null });
    expect(await allStored(store)).toBe(true);
    expect(media).toEqual(['bundle', 'bundle', 'bundle']);
  });

  it('fetches a file whose bytes in the bundle were altered again on its own, and stores the right bytes', async () => {
    const victim = portraits[7]!.sha256;
    const { fetchFn, media } = recordingFetch(async (url, res) => {
      if (!url.pathname.startsWith('/media/bundle')) return res;
      const body = new Uint8Array(await res.arrayBuffer());
      // Flip one byte inside the victim's bytes (just after its header line).
      const at = new TextDecoder().decode(body).indexOf(`${victim} `);
      if (at >= 0) {
        const i = body.indexOf(10, at) + 5;
        body[i] = body[i]! ^ 1;
      }
      return new Response(body, { status: res.status, headers: res.headers });
    });
    const store = await openKioskStore({ name: `bundle-${process.pid}-2` });
    const engine = createSyncEngine({ config: config(), store, fetch: fetchFn });
    await engine.syncNow();
    expect(engine.status()).toMatchObject({ phase: 'idle', lastError: null });
    expect(await allStored(store)).toBe(true);
    expect(media.filter((m) => m === 'single')).toEqual(['single']);
  });

  it('falls back to one request per file where the feed has no bundles', async () => {
    const { fetchFn, media } = recordingFetch(async (url, res) =>
      url.pathname.startsWith('/media/bundle') ? new Response('not found', { status: 404 }) : res,
    );
    const store = await openKioskStore({ name: `bundle-${process.pid}-3` });
    const engine = createSyncEngine({ config: config(), store, fetch: fetchFn });
    await engine.syncNow();
    expect(engine.status()).toMatchObject({ phase: 'idle', lastError: null });
    expect(await allStored(store)).toBe(true);
    // One probe, then file by file.
    expect(media.filter((m) => m === 'bundle')).toHaveLength(1);
    expect(media.filter((m) => m === 'single')).toHaveLength(150);
  });

  it('answers a bad list with a message naming the parameter', async () => {
    const tooMany = Array.from({ length: 65 }, () => portraits[0]!.sha256).join(',');
    const res = await fetch(`${server.url}/media/bundle?h=${tooMany}`);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/at most 64/);
    const bad = await fetch(`${server.url}/media/bundle?h=xyz`);
    expect((await bad.json()).message).toMatch(/64 lower-case hex digits/);
  });
});
