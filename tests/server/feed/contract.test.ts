/**
 * Protocol contract of /feed/v1 over real HTTP against a real SQLite file:
 * what a kiosk or mirror written from docs/feed-protocol.md relies on.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { ContentStore } from '../../../src/server/store/content-store';
import type { ChangesPage, FeedHead, FeedKey, GoneBody, Snapshot } from '../../../src/shared/feed/protocol';
import { fee, guide, notice, puts, smallDataset } from '../support/fixtures';
import { startTestServer, verifierFor, type TestServer } from '../support/server';

const DAY = 86_400_000;
const T0 = new Date('2026-01-01T00:00:00Z');
let server: TestServer;
afterEach(async () => server?.close());

/** ~40 changes: puts, updates, deletes, hall-scoped records and scope moves. */
async function buildHistory(store: ContentStore, start = T0) {
  const at = (days: number) => ({ now: new Date(start.getTime() + days * DAY) });
  await store.publish(puts(smallDataset()), at(0));
  for (let i = 0; i < 12; i++)
    await store.publish(puts([fee(`fee-n${i}`, 100 * i, i % 3 === 0 ? 'hall:point-dongshan' : 'global')]), at(1));
  await store.publish(puts([fee('fee-a', 1300), fee('fee-n1', 999)]), at(2));
  await store.publish(
    [
      { op: 'delete', type: 'fee', id: 'fee-n2' },
      { op: 'delete', type: 'fee', id: 'fee-n3' },
    ],
    at(3),
  );
  await store.publish(
    puts([notice('notice-1', 'hall:hall-county'), guide('guide-village', { scope: 'hall:hall-county', name: '移到县大厅' })]),
    at(4),
  );
  await store.publish(puts([notice('notice-v', 'hall:point-dongshan'), notice('notice-c', 'hall:hall-county')]), at(5));
  await store.publish([{ op: 'delete', type: 'notice', id: 'notice-v' }], at(6));
  for (let i = 0; i < 6; i++) await store.publish(puts([fee(`fee-m${i}`, 5 * i)]), at(7));
}

/** Follows the cursor exactly as a client must, returning every change seen. */
async function readAll(s: TestServer, since: number, limit: number, hall: string | null) {
  const pages: ChangesPage[] = [];
  let cursor = since;
  for (let guard = 0; guard < 10_000; guard++) {
    const q = new URLSearchParams({ since: String(cursor), limit: String(limit), ...(hall ? { hall } : {}) });
    const page = await s.json<ChangesPage>(`/feed/v1/changes?${q}`);
    pages.push(page);
    expect(page.from).toBe(cursor);
    cursor = page.to;
    if (!page.hasMore) break;
  }
  return { pages, changes: pages.flatMap((p) => p.changes), cursor };
}

function replay(state: Map<string, unknown>, changes: ChangesPage['changes']) {
  for (const c of changes) {
    if (c.op === 'put') state.set(`${c.type}/${c.id}`, c.record);
    else state.delete(`${c.type}/${c.id}`);
  }
  return state;
}

const snapshotState = (s: Snapshot) => new Map(s.records.map((r) => [`${r.type}/${r.id}`, r.record as unknown]));

describe('paging', () => {
  for (const hall of [null, 'hall-county', 'point-dongshan']) {
    it(`yields every visible change exactly once, in order, at any limit (hall ${hall ?? 'all'})`, async () => {
      server = await startTestServer();
      await buildHistory(server.store);
      const expected = (await server.store.changesSince(0, 100_000, hall)).changes.map((c) => c.seq);
      expect(expected.length).toBeGreaterThan(20);
      for (const limit of [1, 2, 3, 7, 500, 1000]) {
        const { changes, pages, cursor } = await readAll(server, 0, limit, hall);
        expect(
          changes.map((c) => c.seq),
          `limit ${limit}`,
        ).toEqual(expected);
        expect(pages.slice(0, -1).every((p) => p.changes.length === limit)).toBe(true);
        // The cursor ends at the head of the whole log, so the next poll starts after everything.
        expect(cursor).toBe((await server.store.position()).seq);
      }
    });
  }

  it('a full page ends at its last change; the tail page ends at the head and is not immutable', async () => {
    server = await startTestServer({ records: smallDataset() });
    const full = await server.get('/feed/v1/changes?since=0&limit=4');
    const page = (await full.json()) as ChangesPage;
    expect(page).toMatchObject({ from: 0, to: 4, hasMore: true });
    expect(full.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const tail = await server.get('/feed/v1/changes?since=4&limit=500');
    expect(((await tail.json()) as ChangesPage).hasMore).toBe(false);
    expect(tail.headers.get('cache-control')).toMatch(/^public, max-age=\d{1,2}$/);
    // A page asked for at the head is empty and keeps the cursor.
    const empty = await server.json<ChangesPage>('/feed/v1/changes?since=9');
    expect(empty).toMatchObject({ from: 9, to: 9, hasMore: false, changes: [] });
  });

  it('identical since and limit give identical bytes, even after later publishes and compaction', async () => {
    server = await startTestServer();
    await buildHistory(server.store);
    const paths = [
      '/feed/v1/changes?since=10&limit=5',
      '/feed/v1/changes?since=10&limit=5&hall=point-dongshan',
      '/feed/v1/changes?since=0&limit=3&hall=hall-county',
    ];
    const first = await Promise.all(paths.map((p) => server.bytes(p)));
    expect(first.every((r) => r.res.headers.get('cache-control')?.includes('immutable'))).toBe(true);
    await server.store.publish(puts([fee('fee-later', 1), notice('notice-later', 'hall:point-dongshan')]));
    const again = await Promise.all(paths.map((p) => server.bytes(p)));
    again.forEach((r, i) => expect(r.body.equals(first[i]!.body), paths[i]).toBe(true));
    again.forEach((r, i) => expect(r.res.headers.get('x-feed-signature')).toBe(first[i]!.res.headers.get('x-feed-signature')));
    again.forEach((r) => expect(r.res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable'));
    // Compaction below since=10 must not touch pages after it.
    await server.store.compact({ now: new Date(T0.getTime() + 90.5 * DAY), retentionDays: 90 });
    const minSeq = (await server.store.position()).minSeq;
    expect(minSeq).toBeGreaterThan(0);
    expect(minSeq).toBeLessThanOrEqual(10);
    const afterCompaction = await server.bytes(paths[0]!);
    expect(afterCompaction.body.equals(first[0]!.body)).toBe(true);
  });
});

describe('compression', () => {
  it('pages are gzip on the wire when accepted; the signature covers the uncompressed bytes', async () => {
    server = await startTestServer();
    await buildHistory(server.store);
    const { request } = await import('node:http');
    const { gunzipSync } = await import('node:zlib');
    const path = '/feed/v1/changes?since=0&limit=20';
    const raw = (encoding: string | null) =>
      new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
        request(server.url + path, { headers: encoding ? { 'Accept-Encoding': encoding } : {} }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        })
          .on('error', reject)
          .end();
      });
    const identity = await raw(null);
    const gzipped = await raw('gzip, deflate');
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.body.byteLength).toBeLessThan(identity.body.byteLength / 3);
    expect(gunzipSync(gzipped.body).equals(identity.body)).toBe(true);
    expect(gzipped.headers['x-feed-signature']).toBe(identity.headers['x-feed-signature']);
    expect(gzipped.headers.etag).not.toBe(identity.headers.etag);
    expect(gzipped.headers.vary).toBe('Accept-Encoding');
    const verify = verifierFor(await server.json<FeedKey>('/feed/v1/key'));
    expect(verify(gunzipSync(gzipped.body), gzipped.headers['x-feed-signature'] as string)).toBe(true);
    // A cached full page answers the second gzip request with the same bytes.
    expect((await raw('gzip')).body.equals(gzipped.body)).toBe(true);
  });
});

describe('tombstones and replay', () => {
  it('deletes are tombstones without a record, and replaying all changes equals the snapshot', async () => {
    server = await startTestServer();
    await buildHistory(server.store);
    for (const hall of ['hall-county', 'point-dongshan']) {
      const { changes, cursor } = await readAll(server, 0, 7, hall);
      const tombstones = changes.filter((c) => c.op === 'delete');
      expect(tombstones.length).toBeGreaterThan(0);
      for (const t of tombstones) expect(t).not.toHaveProperty('record');
      const snapshot = await server.json<Snapshot>(`/feed/v1/snapshot?hall=${hall}`);
      expect(snapshot.seq).toBe(cursor);
      expect(snapshot.count).toBe(snapshot.records.length);
      expect(replay(new Map(), changes)).toEqual(snapshotState(snapshot));
    }
    const dongshan = snapshotState(await server.json<Snapshot>('/feed/v1/snapshot?hall=point-dongshan'));
    expect(dongshan.has('fee/fee-n2')).toBe(false);
    expect(dongshan.has('notice/notice-v')).toBe(false);
  });
});

describe('hall scoping', () => {
  it('a hall sees global and its own records; moving a record away sends that hall a tombstone', async () => {
    server = await startTestServer({ records: smallDataset() });
    const dongshanBefore = snapshotState(await server.json<Snapshot>('/feed/v1/snapshot?hall=point-dongshan'));
    expect(dongshanBefore.has('guide/guide-village')).toBe(true);
    expect(snapshotState(await server.json<Snapshot>('/feed/v1/snapshot?hall=hall-county')).has('guide/guide-village')).toBe(false);

    const headBefore = await server.json<FeedHead>('/feed/v1/head?hall=point-dongshan');
    await server.store.publish(puts([guide('guide-village', { scope: 'hall:hall-county', name: '移到县大厅' })]));
    const dongshanTail = await server.json<ChangesPage>(`/feed/v1/changes?since=${headBefore.seq}&hall=point-dongshan`);
    expect(dongshanTail.changes.map((c) => [c.id, c.op])).toEqual([['guide-village', 'delete']]);
    const countyTail = await server.json<ChangesPage>(`/feed/v1/changes?since=${headBefore.seq}&hall=hall-county`);
    expect(countyTail.changes.map((c) => [c.id, c.op])).toEqual([['guide-village', 'put']]);
    expect(replay(dongshanBefore, dongshanTail.changes)).toEqual(
      snapshotState(await server.json<Snapshot>('/feed/v1/snapshot?hall=point-dongshan')),
    );
  });

  it('the head of a hall moves only with changes that hall can see', async () => {
    server = await startTestServer({ records: smallDataset() });
    const before = await server.json<FeedHead>('/feed/v1/head?hall=hall-county');
    await server.store.publish(puts([notice('only-dongshan', 'hall:point-dongshan')]));
    expect((await server.json<FeedHead>('/feed/v1/head?hall=hall-county')).seq).toBe(before.seq);
    expect((await server.json<FeedHead>('/feed/v1/head?hall=point-dongshan')).seq).toBe(before.seq + 1);
    expect((await server.json<FeedHead>('/feed/v1/head')).seq).toBe(before.seq + 1);
  });

  it('an unknown hall is a 404 on head, changes and snapshot', async () => {
    server = await startTestServer({ records: smallDataset() });
    for (const path of [
      '/feed/v1/head?hall=hall-nowhere',
      '/feed/v1/changes?since=0&hall=hall-nowhere',
      '/feed/v1/snapshot?hall=hall-nowhere',
    ]) {
      const res = await server.get(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ error: 'unknown-hall', parameter: 'hall' });
    }
  });
});

describe('compaction and reset', () => {
  it('410 -> snapshot -> changes converges to the same state as the server', async () => {
    server = await startTestServer();
    await buildHistory(server.store);
    const oldClient = await readAll(server, 0, 500, 'point-dongshan');
    const staleCursor = 5;
    expect(oldClient.cursor).toBeGreaterThan(staleCursor);

    await server.store.publish(puts([fee('fee-n4', 4444), notice('notice-new', 'hall:point-dongshan')]), {
      now: new Date(T0.getTime() + 100 * DAY),
    });
    await server.store.publish([{ op: 'delete', type: 'fee', id: 'fee-b' }], { now: new Date(T0.getTime() + 100 * DAY) });
    const compaction = await server.store.compact({ now: new Date(T0.getTime() + 120 * DAY), retentionDays: 90 });
    expect(compaction.removedChanges).toBeGreaterThan(0);

    const gone = await server.get(`/feed/v1/changes?since=${staleCursor}&hall=point-dongshan`);
    expect(gone.status).toBe(410);
    expect(gone.headers.get('cache-control')).toBe('no-store');
    const body = (await gone.json()) as GoneBody;
    expect(body).toMatchObject({ error: 'cursor-compacted', minSeq: compaction.minSeq, snapshot: '/feed/v1/snapshot?hall=point-dongshan' });
    expect(body.message).toContain(String(compaction.minSeq));
    expect((await server.json<FeedHead>('/feed/v1/head?hall=point-dongshan')).minSeq).toBe(compaction.minSeq);

    const snapshot = await server.json<Snapshot>(body.snapshot);
    expect(snapshot.minSeq).toBe(compaction.minSeq);
    await server.store.publish(puts([fee('fee-after-reset', 7), notice('notice-new', 'hall:hall-county')]));
    const { changes } = await readAll(server, snapshot.seq, 2, 'point-dongshan');
    const converged = replay(snapshotState(snapshot), changes);
    expect(converged).toEqual(snapshotState(await server.json<Snapshot>('/feed/v1/snapshot?hall=point-dongshan')));
    expect(converged.has('fee/fee-b')).toBe(false);
    expect(converged.has('notice/notice-new')).toBe(false);
    expect(converged.has('fee/fee-after-reset')).toBe(true);

    // A client still at exactly minSeq needs no reset.
    expect((await server.get(`/feed/v1/changes?since=${compaction.minSeq}&hall=point-dongshan`)).status).toBe(200);
  });

  it('a cursor ahead of the log (server restored from an older backup) is also sent to the snapshot', async () => {
    server = await startTestServer({ records: smallDataset() });
    const res = await server.get('/feed/v1/changes?since=500&hall=hall-county');
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ error: 'cursor-ahead', snapshot: '/feed/v1/snapshot?hall=hall-county' });
  });
});

describe('head, ETag and 304', () => {
  /** The exact bytes of a response on the wire, headers included. */
  function rawGet(url: string, path: string, headers: Record<string, string>): Promise<Buffer> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname);
      const chunks: Buffer[] = [];
      socket.on('data', (d) => {
        chunks.push(d);
        if (Buffer.concat(chunks).includes('\r\n\r\n')) socket.end();
      });
      socket.on('end', () => resolve(Buffer.concat(chunks)));
      socket.on('error', reject);
      const extra = Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n${extra}\r\n`);
    });
  }

  it('answers 304 with no body, under 300 bytes on the wire, until something visible is published', async () => {
    server = await startTestServer({ records: smallDataset() });
    const first = await server.get('/feed/v1/head?hall=hall-county');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const head = (await first.json()) as FeedHead;
    expect(head).toMatchObject({ formatVersion: 1, hall: 'hall-county', seq: 9, minSeq: 0 });
    expect(head.generatedAt).toMatch(/[+-]\d{2}:\d{2}$/);

    const raw = await rawGet(server.url, '/feed/v1/head?hall=hall-county', { 'If-None-Match': etag });
    const text = raw.toString('latin1');
    expect(text.startsWith('HTTP/1.1 304 ')).toBe(true);
    expect(text.endsWith('\r\n\r\n')).toBe(true);
    expect(raw.byteLength).toBeLessThan(300);
    expect(text).toMatch(/\r\ndate: /i);
    expect(text.toLowerCase()).toContain(`etag: ${etag}`);

    // The same body is served until the log moves: the ETag is stable and strong.
    const again = await server.get('/feed/v1/head?hall=hall-county');
    expect(again.headers.get('etag')).toBe(etag);

    await server.store.publish(puts([notice('notice-new')]));
    const changed = await server.get('/feed/v1/head?hall=hall-county', { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as FeedHead).seq).toBe(10);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });
});

describe('signatures', () => {
  function flipByte(body: Buffer, position: number): Buffer {
    const altered = Buffer.from(body);
    altered[position] = altered[position]! ^ 0x01;
    return altered;
  }

  it('every head, page, 410 and snapshot verifies with /feed/v1/key and fails when any single byte is altered', async () => {
    server = await startTestServer();
    await buildHistory(server.store);
    const key = await server.json<FeedKey>('/feed/v1/key');
    expect(key).toMatchObject({ algorithm: 'Ed25519' });
    expect(Buffer.from(key.publicKey, 'base64')).toHaveLength(32);
    expect(key.publicKey).toBe(server.publicKey);
    const verify = verifierFor(key);

    await server.store.compact({ now: new Date(T0.getTime() + 90.5 * DAY), retentionDays: 90 });
    const paths = [
      '/feed/v1/head?hall=hall-county',
      '/feed/v1/changes?since=10&limit=5&hall=hall-county',
      '/feed/v1/changes?since=20',
      '/feed/v1/changes?since=0',
      '/feed/v1/snapshot?hall=point-dongshan',
    ];
    for (const path of paths) {
      const { res, body } = await server.bytes(path);
      const signature = res.headers.get('x-feed-signature');
      expect(res.headers.get('x-feed-key-id'), path).toBe(key.keyId);
      expect(verify(body, signature), path).toBe(true);
      const positions = [0, 1, Math.floor(body.length / 3), Math.floor(body.length / 2), body.length - 2, body.length - 1];
      for (const position of positions) expect(verify(flipByte(body, position), signature), `${path} byte ${position}`).toBe(false);
      expect(verify(body.subarray(0, body.length - 1), signature), `${path} truncated`).toBe(false);
    }
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a restarted server serves the same page with the same bytes and signature', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'shk-restart-'));
    onTestFinished(async () => (await import('node:fs')).rmSync(dataDir, { recursive: true, force: true }));
    server = await startTestServer({ dataDir, records: smallDataset() });
    const before = await server.bytes('/feed/v1/changes?since=0&limit=4&hall=hall-county');
    await server.close();
    server = await startTestServer({ dataDir });
    const after = await server.bytes('/feed/v1/changes?since=0&limit=4&hall=hall-county');
    expect(after.body.equals(before.body)).toBe(true);
    expect(after.res.headers.get('x-feed-signature')).toBe(before.res.headers.get('x-feed-signature'));
    expect(after.res.headers.get('etag')).toBe(before.res.headers.get('etag'));
  });

  it('keeps the same key across restarts; the key file is private', async () => {
    const { mkdtempSync, statSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'shk-key-'));
    onTestFinished(async () => (await import('node:fs')).rmSync(dataDir, { recursive: true, force: true }));
    server = await startTestServer({ dataDir });
    const first = server.publicKey;
    await server.close();
    expect(statSync(join(dataDir, 'feed-key.pem')).mode & 0o777).toBe(0o600);
    server = await startTestServer({ dataDir });
    expect(server.publicKey).toBe(first);
  });
});

describe('snapshot', () => {
  it('is gzip on the wire, states its uncompressed length, and is cached per hall and seq', async () => {
    server = await startTestServer({ records: smallDataset() });
    const { request } = await import('node:http');
    const wire = await new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      request(`${server.url}/feed/v1/snapshot?hall=hall-county`, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(wire.headers['content-encoding']).toBe('gzip');
    const { gunzipSync } = await import('node:zlib');
    const plain = gunzipSync(wire.body);
    expect(Number(wire.headers['x-uncompressed-length'])).toBe(plain.byteLength);
    expect(wire.body.byteLength).toBeLessThan(plain.byteLength);
    const snapshot = JSON.parse(plain.toString('utf8')) as Snapshot;
    expect(snapshot).toMatchObject({ formatVersion: 1, hall: 'hall-county', seq: 9, minSeq: 0, count: 7 });

    const second = await server.bytes('/feed/v1/snapshot?hall=hall-county');
    expect(second.body.equals(plain)).toBe(true);
    await server.store.publish(puts([notice('notice-new')]));
    const third = await server.json<Snapshot>('/feed/v1/snapshot?hall=hall-county');
    expect(third.seq).toBe(10);
    expect(third.count).toBe(8);
  });

  it('serves identity bytes to a client that does not accept gzip, with the same signature', async () => {
    server = await startTestServer({ records: smallDataset() });
    const { request } = await import('node:http');
    const res = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve) => {
      request(`${server.url}/feed/v1/snapshot?hall=hall-county`, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (d: Buffer) => chunks.push(d));
        r.on('end', () => resolve({ headers: r.headers, body: Buffer.concat(chunks) }));
      }).end();
    });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(verifierFor(await server.json<FeedKey>('/feed/v1/key'))(res.body, res.headers['x-feed-signature'] as string)).toBe(true);
  });
});

describe('bad requests', () => {
  const cases: [string, string, RegExp][] = [
    ['/feed/v1/changes', 'since', /since is required/],
    ['/feed/v1/changes?since=-1', 'since', /since must be a whole number from 0/],
    ['/feed/v1/changes?since=1.5', 'since', /got "1.5"/],
    ['/feed/v1/changes?since=', 'since', /since must be a whole number/],
    ['/feed/v1/changes?since=007', 'since', /since must be a whole number/],
    ['/feed/v1/changes?since=1e3', 'since', /since must be a whole number/],
    ['/feed/v1/changes?since=0&limit=0', 'limit', /limit must be a whole number from 1 to 1000/],
    ['/feed/v1/changes?since=0&limit=1001', 'limit', /limit must be a whole number from 1 to 1000/],
    ['/feed/v1/changes?since=0&limit=ten', 'limit', /limit must be a whole number/],
    ['/feed/v1/changes?since=0&hall=Hall%20County', 'hall', /hall must be a hall id/],
    ['/feed/v1/head?hall=%3Cscript%3E', 'hall', /hall must be a hall id/],
    ['/feed/v1/snapshot?hall=', 'hall', /hall must be a hall id/],
    ['/media/not-a-hash', 'sha256', /sha256 must be 64 lower-case hex digits/],
    [`/media/${'A'.repeat(64)}`, 'sha256', /sha256 must be 64 lower-case hex digits/],
  ];
  for (const [path, parameter, message] of cases) {
    it(`${path} -> 400 naming ${parameter}`, async () => {
      server = await startTestServer({ records: smallDataset() });
      const res = await server.get(path);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string; parameter: string; message: string };
      expect(body.error).toBe('invalid-parameter');
      expect(body.parameter).toBe(parameter);
      expect(body.message).toMatch(message);
    });
  }
});

describe('media', () => {
  it('serves bytes with immutable cache headers, the right type, and a 404 for unknown hashes', async () => {
    server = await startTestServer({ records: smallDataset() });
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
    const ref = await server.store.putMedia(svg, 'image/svg+xml');
    const { res, body } = await server.bytes(`/media/${ref.sha256}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(body).digest('hex')).toBe(ref.sha256);
    const notModified = await server.get(`/media/${ref.sha256}`, { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(notModified.status).toBe(304);
    const missing = await server.get(`/media/${'0'.repeat(64)}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'unknown-media' });
  });
});

describe('headers for kiosks on other origins and clocks', () => {
  it('every response carries a Date header; feed answers expose the signature headers via CORS', async () => {
    server = await startTestServer({ records: smallDataset() });
    for (const path of [
      '/feed/v1/head?hall=hall-county',
      '/feed/v1/changes?since=0',
      '/feed/v1/snapshot',
      '/feed/v1/key',
      '/feed/v1/changes?since=x',
      '/',
      '/media/x',
      '/kiosk-config/kiosk-county-1.json',
      '/m/guides/guide-dibao',
    ]) {
      const res = await server.get(path);
      expect(res.headers.get('date'), path).toMatch(/GMT$/);
      expect(Math.abs(Date.parse(res.headers.get('date')!) - Date.now())).toBeLessThan(5000);
    }
    const page = await server.get('/feed/v1/changes?since=0', { headers: { Origin: 'https://kiosk.example' } });
    expect(page.headers.get('access-control-allow-origin')).toBe('*');
    const exposed = page.headers.get('access-control-expose-headers')!.toLowerCase();
    for (const h of ['x-feed-signature', 'x-feed-key-id', 'x-uncompressed-length', 'etag', 'date']) expect(exposed).toContain(h);
    const preflight = await server.get('/feed/v1/head?hall=hall-county', {
      method: 'OPTIONS',
      headers: { Origin: 'https://kiosk.example', 'Access-Control-Request-Headers': 'if-none-match' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/If-None-Match/i);
  });
});

describe('snapshot under concurrency', () => {
  it('concurrent requests get the same bytes and a publish in between is reflected afterwards', async () => {
    server = await startTestServer({ records: smallDataset() });
    const responses = await Promise.all(Array.from({ length: 8 }, () => server.bytes('/feed/v1/snapshot?hall=hall-county')));
    for (const r of responses) expect(r.body.equals(responses[0]!.body)).toBe(true);
    await server.store.publish(puts([notice('notice-late')]));
    const after = await server.json<Snapshot>('/feed/v1/snapshot?hall=hall-county');
    expect(after.records.some((r) => r.id === 'notice-late')).toBe(true);
  });
});
