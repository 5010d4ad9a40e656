/**
 * A small but real feed server for the sync tests: Hono on loopback, Ed25519
 * signatures from node:crypto, the /feed/v2 wire format of
 * src/shared/feed/protocol.ts. It exists until the central server lands; it
 * also lets a test break things on purpose (flip a byte, answer 503, skew the
 * Date header).
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { ContentRecord } from '../../../../src/shared/content';
import {
  FEED_FORMAT_VERSION,
  KEY_ID_HEADER,
  SIGNATURE_HEADER,
  UNCOMPRESSED_LENGTH_HEADER,
  type ChangesPage,
  type FeedChange,
  type Snapshot,
} from '../../../../src/shared/feed/protocol';

export interface TestFeedServer {
  url: string;
  publicKey: string;
  keyId: string;
  /** Appends puts to the log; returns the new head seq. */
  publish(records: ContentRecord[]): number;
  remove(type: ContentRecord['type'], id: string): number;
  /** Raises minSeq: changes at or below it are "compacted" (since < minSeq -> 410). */
  compact(minSeq: number): void;
  addMedia(bytes: Uint8Array, type?: string): string;
  /** Serves wrong bytes for a hash (as a broken cache would). */
  corruptMedia(sha256: string): void;
  /** The next `count` requests (matching `path` if given) answer `status` with optional Retry-After. */
  failNext(status: number, options?: { count?: number; retryAfter?: string; path?: string }): void;
  /** Flip one byte of every changes page body after signing (a tampering proxy). */
  tamperPages: boolean;
  /** Flip one byte of the head body after signing. */
  tamperHead: boolean;
  /** Sign snapshots/pages with a different key. */
  wrongKey: boolean;
  /** When false, head reports minSeq 0, so only the 410 from /changes tells the client it is too far behind. */
  headReportsMinSeq: boolean;
  /** When set, the next snapshot's connection is cut after this many (gzipped) bytes. */
  dropSnapshotAfterBytes: number | null;
  /** Shifts the Date header: the server's clock minus the real one. */
  dateSkewMs: number;
  /** The log's epoch stated in every body (change it to act out a re-created log). */
  epoch: string;
  /** Lifetime of a signed head (expiresAt = now + this). */
  headTtlMs: number;
  /** Misstates the snapshot's X-Uncompressed-Length by this many bytes (a proxy or a buggy mirror). */
  snapshotLengthError: number;
  requests: { path: string; status: number; ifNoneMatch: string | null }[];
  head(): number;
  close(): Promise<void>;
}

export async function startTestFeedServer(): Promise<TestFeedServer> {
  const { privateKey, publicKey: pub } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519').privateKey;
  const der = pub.export({ format: 'der', type: 'spki' });
  const raw = der.subarray(der.length - 32);
  const publicKey = raw.toString('base64');
  const keyId = createHash('sha256').update(raw).digest('hex').slice(0, 16);

  const log: FeedChange[] = [];
  const current = new Map<string, ContentRecord>();
  const media = new Map<string, { bytes: Uint8Array; type: string }>();
  let minSeq = 0;
  const failures: { status: number; retryAfter?: string; path?: string; count: number }[] = [];

  const signed = (body: Uint8Array, headers: Record<string, string>) => {
    headers[SIGNATURE_HEADER] = sign(null, body, server.wrongKey ? other : privateKey).toString('base64');
    headers[KEY_ID_HEADER] = keyId;
    return headers;
  };

  const app = new Hono();
  app.use('*', async (c, next) => {
    const failure = failures.find((f) => !f.path || c.req.path.includes(f.path));
    if (failure) {
      failure.count--;
      if (failure.count <= 0) failures.splice(failures.indexOf(failure), 1);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (failure.retryAfter) headers['Retry-After'] = failure.retryAfter;
      return c.body(JSON.stringify({ error: 'test-failure', message: '测试注入的故障' }), failure.status as 503, headers);
    }
    await next();
  });
  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Date', new Date(Date.now() + server.dateSkewMs).toUTCString());
    server.requests.push({
      path: c.req.path + (new URL(c.req.url).search ?? ''),
      status: c.res.status,
      ifNoneMatch: c.req.header('If-None-Match') ?? null,
    });
  });

  app.get('/feed/v2/head', (c) => {
    const seq = log.at(-1)?.seq ?? 0;
    const etag = `"h-${seq}-${minSeq}-${server.epoch}"`;
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, { ETag: etag });
    const head = {
      formatVersion: FEED_FORMAT_VERSION,
      hall: c.req.query('hall') ?? null,
      epoch: server.epoch,
      seq: Math.max(seq, server.headReportsMinSeq ? minSeq : 0),
      logSeq: seq,
      minSeq: server.headReportsMinSeq ? minSeq : 0,
      generatedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + server.headTtlMs).toISOString(),
    };
    const body = new TextEncoder().encode(JSON.stringify(head));
    const headers = signed(body, { 'content-type': 'application/json', ETag: etag, 'Cache-Control': 'no-cache' });
    if (server.tamperHead) body[body.length - 3]! ^= 0x01;
    return c.body(body, 200, headers);
  });

  app.get('/feed/v2/changes', (c) => {
    const since = Number(c.req.query('since'));
    const limit = Math.min(1000, Number(c.req.query('limit') ?? 500));
    if (!Number.isSafeInteger(since) || since < 0) return c.json({ error: 'bad-request', message: 'since: 必须是非负整数' }, 400);
    if (since < minSeq || since > (log.at(-1)?.seq ?? 0)) {
      const gone = {
        formatVersion: FEED_FORMAT_VERSION,
        error: since < minSeq ? 'cursor-compacted' : 'cursor-ahead',
        message: `since ${since} outside [${minSeq}, head]`,
        hall: c.req.query('hall') ?? null,
        epoch: server.epoch,
        since,
        seq: log.at(-1)?.seq ?? 0,
        minSeq,
        snapshot: '/feed/v2/snapshot',
        generatedAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + server.headTtlMs).toISOString(),
      };
      const body = new TextEncoder().encode(JSON.stringify(gone));
      return c.body(body, 410, signed(body, { 'content-type': 'application/json' }));
    }
    const slice = log.filter((ch) => ch.seq > since).slice(0, limit);
    const head = log.at(-1)?.seq ?? 0;
    const to = slice.at(-1)?.seq ?? Math.max(since, head);
    const page: ChangesPage = {
      formatVersion: FEED_FORMAT_VERSION,
      hall: c.req.query('hall') ?? null,
      epoch: server.epoch,
      from: since,
      to,
      hasMore: to < head,
      changes: slice,
    };
    const body = new TextEncoder().encode(JSON.stringify(page));
    const headers = signed(body, { 'content-type': 'application/json' });
    if (server.tamperPages) body[Math.floor(body.length / 2)]! ^= 0x01;
    return c.body(body, 200, headers);
  });

  app.get('/feed/v2/snapshot', (c) => {
    const seq = log.at(-1)?.seq ?? 0;
    const records = [...current.values()].map((record) => ({ type: record.type, id: record.id, record }));
    const snapshot: Snapshot = {
      formatVersion: FEED_FORMAT_VERSION,
      hall: c.req.query('hall') ?? null,
      epoch: server.epoch,
      seq,
      minSeq,
      generatedAt: new Date().toISOString(),
      count: records.length,
      records,
    };
    const body = new TextEncoder().encode(JSON.stringify(snapshot));
    const headers = signed(body, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      [UNCOMPRESSED_LENGTH_HEADER]: String(body.length + server.snapshotLengthError),
    });
    const gz = new Uint8Array(gzipSync(body));
    const cut = server.dropSnapshotAfterBytes;
    if (cut !== null) {
      server.dropSnapshotAfterBytes = null;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(gz.slice(0, cut));
          setTimeout(() => controller.error(new Error('connection cut by test')), 20);
        },
      });
      return c.body(stream, 200, headers);
    }
    return c.body(gz, 200, headers);
  });

  app.get('/media/:sha', (c) => {
    const item = media.get(c.req.param('sha'));
    if (!item) return c.json({ error: 'not-found' }, 404);
    return c.body(item.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': item.type,
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });

  let server!: TestFeedServer;
  const http: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (http.address() as AddressInfo).port;

  const nextSeq = () => (log.at(-1)?.seq ?? 0) + 1;
  server = {
    url: `http://127.0.0.1:${port}/`,
    publicKey,
    keyId,
    tamperPages: false,
    tamperHead: false,
    wrongKey: false,
    headReportsMinSeq: true,
    dropSnapshotAfterBytes: null,
    dateSkewMs: 0,
    epoch: 'epoch-test-1',
    headTtlMs: 3600_000,
    snapshotLengthError: 0,
    requests: [],
    publish(records) {
      for (const record of records) {
        log.push({ seq: nextSeq(), type: record.type, id: record.id, op: 'put', record });
        current.set(`${record.type}/${record.id}`, record);
      }
      return log.at(-1)?.seq ?? 0;
    },
    remove(type, id) {
      log.push({ seq: nextSeq(), type, id, op: 'delete' });
      current.delete(`${type}/${id}`);
      return log.at(-1)!.seq;
    },
    compact(seq) {
      minSeq = seq;
    },
    addMedia(bytes, type = 'image/png') {
      const sha = createHash('sha256').update(bytes).digest('hex');
      media.set(sha, { bytes, type });
      return sha;
    },
    corruptMedia(sha) {
      const item = media.get(sha);
      if (item) item.bytes = new Uint8Array([...item.bytes, 0]);
    },
    failNext(status, options = {}) {
      failures.push({ status, count: options.count ?? 1, retryAfter: options.retryAfter, path: options.path });
    },
    head: () => log.at(-1)?.seq ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        (http as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
  return server;
}
