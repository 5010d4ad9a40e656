/**
 * The fault suite: a tampering HTTP proxy (real HTTP, in this process) between
 * real Chromium running the kiosk's sync engine and store (the sync harness
 * page: the same modules the app runs) and the real feed server.
 *
 * Every case: the server publishes a change (and, for snapshot cases, compacts
 * so the kiosk must reset from the snapshot); the proxy answers badly; one
 * sync cycle runs. Then we assert nothing bad was applied (no other hall's
 * notice, cursor never backwards, the old guide name still stored) and the
 * problem is reported (lastError). Then the proxy answers honestly and the
 * engine is started: it must reach the server's state by itself (its own
 * timer and backoff), without any cache being cleared.
 *
 * One browser and one page serve all cases: they run one after the other
 * through one engine, as a kiosk meets faults over its life.
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/app';
import { signerFor, type FeedSigner } from '../../src/server/feed/signing';
import type { ContentRecord } from '../../src/shared/content';
import { KEY_ID_HEADER, SIGNATURE_HEADER } from '../../src/shared/feed/protocol';
import type { KioskConfig } from '../../src/shared/kiosk-config';
import { buildSyncHarness } from './sync-harness/build-harness';
import { guide, hall, notice, smallContent } from '../kiosk/store/fixtures';
import { launchChromium } from './support/browser';

// ---------------------------------------------------------------- the proxy

interface Upstream {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

type Kind = 'head' | 'changes' | 'snapshot' | 'media' | 'other';
type Tamper = (req: IncomingMessage, res: ServerResponse, upstream: (path?: string) => Promise<Upstream>) => Promise<void> | void;

const HOP_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

function kindOf(path: string): Kind {
  if (path.startsWith('/feed/v2/head')) return 'head';
  if (path.startsWith('/feed/v2/changes')) return 'changes';
  if (path.startsWith('/feed/v2/snapshot')) return 'snapshot';
  if (path.startsWith('/media/')) return 'media';
  return 'other';
}

class TamperingProxy {
  server!: Server;
  url = '';
  upstreamUrl = '';
  rules = new Map<Kind, Tamper>();
  seen: { kind: Kind; path: string; tampered: boolean }[] = [];
  private hanging = new Set<ServerResponse>();

  async start(upstreamUrl: string) {
    this.upstreamUrl = upstreamUrl;
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  honest() {
    this.rules.clear();
  }

  /** The upstream answer with gzip undone (the server sends identity when asked). */
  async fetchUpstream(req: IncomingMessage, path = req.url!): Promise<Upstream> {
    const headers: Record<string, string> = { 'accept-encoding': 'identity' };
    const inm = req.headers['if-none-match'];
    if (typeof inm === 'string') headers['if-none-match'] = inm;
    const r = await fetch(this.upstreamUrl + path, { headers });
    const out: Record<string, string> = {};
    r.headers.forEach((value, key) => {
      if (!HOP_HEADERS.has(key)) out[key] = value;
    });
    return { status: r.status, headers: out, body: Buffer.from(await r.arrayBuffer()) };
  }

  hang(res: ServerResponse) {
    this.hanging.add(res);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const kind = kindOf(req.url!);
    const rule = this.rules.get(kind);
    this.seen.push({ kind, path: req.url!, tampered: !!rule });
    try {
      if (rule) return await rule(req, res, (path) => this.fetchUpstream(req, path));
      send(res, await this.fetchUpstream(req));
    } catch (err) {
      if (!res.headersSent) res.writeHead(502).end(String(err));
    }
  }

  async close() {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function send(res: ServerResponse, up: Upstream, override: Record<string, string> = {}) {
  res.writeHead(up.status, { ...up.headers, ...override });
  res.end(up.body);
}

const flip = (body: Buffer, at = Math.floor(body.length / 2)) => {
  const copy = Buffer.from(body);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
};

/** Re-serialises a JSON body after `edit` and signs it with `signer` (the real key: a buggy or compromised server). */
function resign(up: Upstream, signer: FeedSigner, edit: (value: Record<string, unknown>) => void): Upstream {
  const value = JSON.parse(up.body.toString('utf8')) as Record<string, unknown>;
  edit(value);
  const body = Buffer.from(JSON.stringify(value));
  return {
    ...up,
    body,
    headers: { ...up.headers, [SIGNATURE_HEADER.toLowerCase()]: signer.sign(body), [KEY_ID_HEADER.toLowerCase()]: signer.keyId },
  };
}

function withoutSignature(up: Upstream): Upstream {
  const headers = { ...up.headers };
  delete headers[SIGNATURE_HEADER.toLowerCase()];
  return { ...up, headers };
}

const bombs = new Map<number, Buffer>();
/** `mb` megabytes of spaces, gzipped to a few dozen KB. */
function gzipBomb(mb: number): Buffer {
  let bomb = bombs.get(mb);
  if (!bomb) bombs.set(mb, (bomb = gzipSync(Buffer.alloc(mb * 1024 * 1024, 0x20), { level: 9 })));
  return bomb;
}

const withQuery = (path: string, change: (q: URLSearchParams) => void) => {
  const url = new URL(path, 'http://x');
  change(url.searchParams);
  return url.pathname + url.search;
};

// ---------------------------------------------------------------- set-up

let work: string;
let server: RunningServer;
let realSigner: FeedSigner;
const otherSigner = signerFor(generateKeyPairSync('ed25519').privateKey);
const proxy = new TamperingProxy();
let browser: Browser;
let page: Page;
let version = 0;

const dataDir = () => join(work, 'data');

async function startFeed(dir: string, port = 0): Promise<RunningServer> {
  return startServer({
    dataDir: dir,
    port,
    host: '127.0.0.1',
    seedDemo: false,
    staticDir: join(work, 'static'),
    logger: pino({ level: 'silent' }),
  });
}

const publish = (records: ContentRecord[], s = server) => s.store.publish(records.map((record) => ({ op: 'put' as const, record })));

function config(): KioskConfig {
  return {
    kioskId: 'kiosk-county-1',
    hallId: 'hall-county',
    feedUrl: '/',
    feedPublicKey: realSigner.publicKey,
    pollIntervalSeconds: 1,
    idleTimeoutSeconds: 90,
    languages: ['zh-Hans'],
    staffPinHash: 'pbkdf2-sha256$1000$c2FsdA==$aGFzaA==',
    theme: 'default',
    requestTimeoutSeconds: 2,
    staleAfterSeconds: 3,
  };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'shk-faults-'));
  await buildSyncHarness(join(work, 'static'));
  mkdirSync(dataDir());
  server = await startFeed(dataDir());
  realSigner = signerFor(createPrivateKey(readFileSync(join(dataDir(), 'feed-key.pem'))));
  await publish([
    ...smallContent(20, 10),
    hall('point-dongshan', { name: '东山村便民服务点' }),
    notice('n-dongshan', { scope: 'hall:point-dongshan', title: '东山村专属通知' }),
  ]);
  await proxy.start(server.url);
  // Made before any case: compressing 140 MB takes seconds, longer than the kiosk's request timeout.
  gzipBomb(40);
  gzipBomb(140);
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  page.on('pageerror', (err) => console.error('[page error]', err.message));
  await page.goto(`${proxy.url}/sync-harness.html`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  await page.evaluate(async (config) => {
    const w = window as unknown as Record<string, unknown>;
    const store = await window.shk.openKioskStore();
    w.store = store;
    w.engine = window.shk.createSyncEngine({ config, store, pageLimit: 2 });
  }, config());
  await syncOnce();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await proxy.close().catch(() => {});
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------- kiosk side

interface KioskView {
  cursor: number | null;
  name: string | null;
  otherHallNotice: boolean;
  lastError: string | null;
  phase: string;
  stale: boolean;
  nextPollInMs: number | null;
}

async function syncOnce(): Promise<KioskView> {
  await page.evaluate(() => (window as unknown as { engine: { syncNow(): Promise<void> } }).engine.syncNow());
  return view();
}

function view(): Promise<KioskView> {
  return page.evaluate(async () => {
    const w = window as unknown as {
      store: {
        getFeedState(): Promise<{ cursor: number | null }>;
        getGuide(id: string): Promise<{ name: string } | null>;
        getRecord(t: string, id: string): Promise<unknown>;
      };
      engine: { status(): { lastError: string | null; phase: string; stale: boolean; nextPollInMs: number | null } };
    };
    const s = w.engine.status();
    return {
      cursor: (await w.store.getFeedState()).cursor,
      name: (await w.store.getGuide('g-0'))?.name ?? null,
      otherHallNotice: (await w.store.getRecord('notice', 'n-dongshan')) != null,
      lastError: s.lastError,
      phase: s.phase,
      stale: s.stale,
      nextPollInMs: s.nextPollInMs,
    };
  });
}

/** Lets the engine run on its own timer until it holds the server's state, then stops it. */
async function recoversByItself(expectedName: string) {
  await page.evaluate(() => (window as unknown as { engine: { start(): void } }).engine.start());
  const head = (await server.store.position()).seq;
  await expect
    .poll(
      async () => {
        const v = await view();
        return { cursor: v.cursor, name: v.name, lastError: v.lastError, otherHallNotice: v.otherHallNotice };
      },
      { timeout: 30_000, interval: 250 },
    )
    .toEqual({ cursor: head, name: expectedName, lastError: null, otherHallNotice: false });
  await page.evaluate(async () => {
    const engine = (window as unknown as { engine: { stop(): void; syncNow(): Promise<void> } }).engine;
    engine.stop();
    await engine.syncNow();
  });
}

/** Publishes a new name for g-0 (and compacts the log when the kiosk must take a snapshot). */
async function prepare(options: { compact?: boolean } = {}) {
  const before = await view();
  const name = `办事指南 第 ${++version} 版`;
  await publish([guide('g-0', { name })]);
  if (options.compact) await server.store.compact({ now: new Date(Date.now() + 1000), retentionDays: 0 });
  return { before, name };
}

interface Case {
  name: string;
  kind: Kind;
  tamper: Tamper;
  compact?: boolean;
  /** What the staff panel (lastError) must say. */
  error: RegExp;
  /** Extra checks after the bad cycle. */
  check?: (after: KioskView, before: KioskView) => void;
  /** Start from a new engine on the same store (a kiosk just restarted: no head held). */
  freshEngine?: boolean;
}

const upstreamHall = (hall: string | null) => (path: string) =>
  withQuery(path, (q) => (hall === null ? q.delete('hall') : q.set('hall', hall)));

/** The 410 a buggy or hostile party could sign or replay, for the kiosk's current cursor. */
async function goneFor(req: IncomingMessage, upstream: (path?: string) => Promise<Upstream>, edit: (v: Record<string, unknown>) => void) {
  const since = Number(new URL(req.url!, 'http://x').searchParams.get('since'));
  const genuine = await upstream(withQuery(req.url!, (q) => q.set('since', '999999999')));
  return resign(genuine, realSigner, (v) => {
    v.since = since;
    edit(v);
  });
}

function forEveryBody(kind: 'head' | 'changes' | 'snapshot', compact: boolean): Case[] {
  const what = kind;
  return [
    {
      name: `${what}: one flipped byte`,
      kind,
      compact,
      error: /签名校验失败/,
      tamper: async (_q, res, up) => {
        const u = await up();
        send(res, { ...u, body: flip(u.body) });
      },
    },
    {
      name: `${what}: altered record text under the old signature`,
      kind,
      compact,
      error: /签名校验失败/,
      tamper: async (_q, res, up) => {
        const u = await up();
        send(res, {
          ...u,
          body: Buffer.from(
            u.body
              .toString('utf8')
              .replace(/"seq":(\d)/, '"seq":9')
              .replace('hall-county', 'hall-cOunty'),
          ),
        });
      },
    },
    {
      name: `${what}: signature header missing`,
      kind,
      compact,
      error: /没有签名/,
      tamper: async (_q, res, up) => send(res, withoutSignature(await up())),
    },
    {
      name: `${what}: signed by another key`,
      kind,
      compact,
      error: /另一把密钥签名/,
      tamper: async (_q, res, up) =>
        send(
          res,
          resign(await up(), otherSigner, () => {}),
        ),
    },
    {
      name: `${what}: another key claiming the real key id`,
      kind,
      compact,
      error: /签名校验失败/,
      tamper: async (_q, res, up) => {
        const u = resign(await up(), otherSigner, () => {});
        send(res, u, { [KEY_ID_HEADER.toLowerCase()]: realSigner.keyId });
      },
    },
    {
      name: `${what}: validly signed for another hall`,
      kind,
      compact,
      error: /属于大厅 point-dongshan，本终端属于 hall-county/,
      tamper: async (req, res, up) => send(res, await up(upstreamHall('point-dongshan')(req.url!))),
    },
    {
      name: `${what}: validly signed for the whole feed`,
      kind,
      compact,
      error: /整个内容源/,
      tamper: async (req, res, up) => send(res, await up(upstreamHall(null)(req.url!))),
    },
    {
      name: `${what}: wrong content type`,
      kind,
      compact,
      error: /不是 application\/json/,
      tamper: async (_q, res, up) => send(res, await up(), { 'content-type': 'text/html; charset=utf-8' }),
    },
    {
      name: `${what}: truncated gzip`,
      kind,
      compact,
      error: /连接中断|数据损坏|无法连接|签名校验失败|不是有效的 JSON/,
      tamper: async (_q, res, up) => {
        const u = await up();
        const gz = gzipSync(u.body);
        res.writeHead(200, { ...u.headers, 'content-encoding': 'gzip' });
        res.end(gz.subarray(0, Math.floor(gz.length / 2)));
      },
    },
    {
      name: `${what}: gzip bomb`,
      kind,
      compact,
      error: /上限/,
      tamper: async (_q, res, up) => {
        const u = await up();
        res.writeHead(200, { ...u.headers, 'content-encoding': 'gzip' });
        res.end(gzipBomb(kind === 'snapshot' ? 140 : 40));
      },
    },
    {
      name: `${what}: server error 500`,
      kind,
      compact,
      error: /HTTP 500/,
      tamper: (_q, res) => void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom","message":"内部错误"}'),
    },
    {
      name: `${what}: 503 with Retry-After`,
      kind,
      compact,
      error: /繁忙（HTTP 503），按服务器要求 3 秒后重试/,
      tamper: (_q, res) => void res.writeHead(503, { 'retry-after': '3' }).end(),
      check: (after) => expect(after.nextPollInMs).toBeGreaterThanOrEqual(3000),
    },
    { name: `${what}: hangs before answering`, kind, compact, error: /超过 2 秒/, tamper: (_q, res) => proxy.hang(res) },
    {
      name: `${what}: hangs in the middle of the body`,
      kind,
      compact,
      error: /超过 2 秒/,
      tamper: async (_q, res, up) => {
        const u = await up();
        res.writeHead(200, { ...u.headers, 'content-length': String(u.body.length) });
        res.write(u.body.subarray(0, Math.floor(u.body.length / 2)));
        proxy.hang(res);
      },
    },
    {
      name: `${what}: connection reset`,
      kind,
      compact,
      error: /无法连接|连接中断/,
      tamper: (req) => void req.socket.destroy(),
    },
  ];
}

const pageCases: Case[] = [
  {
    name: 'changes: replayed old page',
    kind: 'changes',
    error: /从序号 \d+ 开始，请求的是/,
    tamper: async (req, res, up) => send(res, await up(withQuery(req.url!, (q) => q.set('since', '0')))),
  },
  {
    name: 'changes: reordered seqs, signed',
    kind: 'changes',
    error: /没有按顺序递增/,
    tamper: async (_q, res, up) =>
      send(
        res,
        resign(await up(), realSigner, (v) => {
          const changes = v.changes as { seq: number }[];
          changes.push({ ...changes[0]!, seq: changes[0]!.seq });
        }),
      ),
  },
  {
    name: 'changes: skipped seq (page starts after the cursor), signed',
    kind: 'changes',
    error: /从序号 \d+ 开始，请求的是|不在本页范围/,
    tamper: async (_q, res, up) =>
      send(
        res,
        resign(await up(), realSigner, (v) => void (v.from = (v.from as number) + 1)),
      ),
  },
  {
    name: 'changes: page of another epoch, signed',
    kind: 'changes',
    error: /日志纪元/,
    tamper: async (_q, res, up) =>
      send(
        res,
        resign(await up(), realSigner, (v) => void (v.epoch = 'another-epoch')),
      ),
  },
  {
    name: 'changes: huge body',
    kind: 'changes',
    error: /上限/,
    tamper: (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      for (let i = 0; i < 40; i++) res.write(chunk);
      res.end('{}');
    },
  },
  {
    name: 'changes: unsigned 410',
    kind: 'changes',
    error: /重置要求（410）没有签名/,
    tamper: (_q, res) =>
      void res
        .writeHead(410, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'cursor-ahead', message: 'reset', minSeq: 0, snapshot: '/feed/v2/snapshot?hall=hall-county' })),
  },
  {
    name: 'changes: 410 with a flipped byte',
    kind: 'changes',
    error: /签名校验失败/,
    tamper: async (req, res, up) => {
      const g = await goneFor(req, up, () => {});
      send(res, { ...g, body: flip(g.body) });
    },
  },
  {
    name: 'changes: genuine 410 replayed for another since',
    kind: 'changes',
    error: /回答的是序号 999999999/,
    tamper: async (req, res, up) => send(res, await up(withQuery(req.url!, (q) => q.set('since', '999999999')))),
  },
  {
    name: 'changes: 410 for another hall',
    kind: 'changes',
    error: /属于大厅 point-dongshan/,
    tamper: async (req, res, up) => send(res, await goneFor(req, up, (v) => void (v.hall = 'point-dongshan'))),
  },
  {
    name: 'changes: expired 410',
    kind: 'changes',
    error: /已过期/,
    tamper: async (req, res, up) => send(res, await goneFor(req, up, (v) => void (v.expiresAt = '2026-01-01T00:00:00.000+08:00'))),
  },
  {
    name: 'changes: 410 from another epoch',
    kind: 'changes',
    error: /重置要求（410）属于日志纪元 another-epoch/,
    tamper: async (req, res, up) => send(res, await goneFor(req, up, (v) => void (v.epoch = 'another-epoch'))),
  },
];

const headCases: Case[] = [
  {
    name: 'head: expired (a frozen mirror), re-asked past the cache',
    kind: 'head',
    error: /过期/,
    tamper: async (_q, res, up) =>
      send(
        res,
        resign(await up(), realSigner, (v) => void (v.expiresAt = '2026-01-01T00:00:00.000+08:00')),
      ),
  },
  {
    name: 'head: 304 for everything with no head held',
    kind: 'head',
    freshEngine: true,
    error: /304/,
    tamper: (_q, res) => void res.writeHead(304, { etag: '"frozen"' }).end(),
  },
];

const snapshotCases: Case[] = [
  {
    name: 'snapshot: an older snapshot replayed (rollback)',
    kind: 'snapshot',
    compact: true,
    error: /比本机已有的序号 \d+ 旧/,
    tamper: (_q, res) => send(res, oldSnapshot!),
  },
  {
    name: 'snapshot: another epoch, signed',
    kind: 'snapshot',
    compact: true,
    error: /日志纪元/,
    tamper: async (_q, res, up) =>
      send(
        res,
        resign(await up(), realSigner, (v) => void (v.epoch = 'another-epoch')),
      ),
  },
];

let oldSnapshot: Upstream | null = null;

const cases: Case[] = [
  ...forEveryBody('head', false),
  ...headCases,
  ...forEveryBody('changes', false),
  ...pageCases,
  ...forEveryBody('snapshot', true),
  ...snapshotCases,
];

describe('feed faults through a tampering proxy', () => {
  it('has at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it('keeps an older snapshot for the rollback case', async () => {
    const r = await fetch(`${server.url}/feed/v2/snapshot?hall=hall-county`, { headers: { 'accept-encoding': 'identity' } });
    const headers: Record<string, string> = {};
    r.headers.forEach((v, k) => {
      if (!HOP_HEADERS.has(k)) headers[k] = v;
    });
    oldSnapshot = { status: r.status, headers, body: Buffer.from(await r.arrayBuffer()) };
    expect(oldSnapshot.status).toBe(200);
    // The other hall's bodies really carry its notice: the cross-hall cases are not vacuous.
    const other = await fetch(`${server.url}/feed/v2/snapshot?hall=point-dongshan`);
    expect(await other.text()).toContain('n-dongshan');
  });

  for (const c of cases) {
    it(c.name, async () => {
      const { before, name } = await prepare({ compact: c.compact });
      const seenBefore = proxy.seen.length;
      if (c.freshEngine)
        await page.evaluate((config) => {
          const w = window as unknown as Record<string, unknown>;
          w.engine = window.shk.createSyncEngine({ config, store: w.store as never, pageLimit: 2 });
        }, config());
      proxy.rules.set(c.kind, c.tamper);
      let after: KioskView;
      try {
        after = await syncOnce();
      } finally {
        proxy.honest();
      }
      expect(proxy.seen.slice(seenBefore).some((s) => s.tampered)).toBe(true);
      // Nothing bad applied: the old content is still what the kiosk holds, no cursor went back, no other hall's data.
      expect(after.name).toBe(before.name);
      expect(after.cursor).toBe(before.cursor);
      expect(after.otherHallNotice).toBe(false);
      expect(after.lastError).toMatch(c.error);
      c.check?.(after, before);
      await recoversByItself(name);
    });
  }

  it('shows the data age when only expired heads arrive, and clears it once a fresh head does', async () => {
    await prepare();
    proxy.rules.set('head', async (_q, res, up) =>
      send(
        res,
        resign(await up(), realSigner, (v) => void (v.expiresAt = '2026-01-01T00:00:00.000+08:00')),
      ),
    );
    try {
      await expect.poll(async () => (await syncOnce()).stale, { timeout: 20_000, interval: 500 }).toBe(true);
      expect((await view()).lastError).toMatch(/未与服务器确认为最新/);
    } finally {
      proxy.honest();
    }
    await recoversByItself(`办事指南 第 ${version} 版`);
    expect((await view()).stale).toBe(false);
  });

  it('follows a new epoch (the server database re-created) by resetting from the snapshot', async () => {
    // A second server with the same key but a new log (new epoch), holding different content.
    const otherDir = join(work, 'data-new-epoch');
    mkdirSync(otherDir);
    copyFileSync(join(dataDir(), 'feed-key.pem'), join(otherDir, 'feed-key.pem'));
    const other = await startFeed(otherDir);
    try {
      await publish(smallContent(5, 5), other);
      await publish([guide('g-0', { name: '重建后的办事指南' })], other);
      proxy.upstreamUrl = other.url;
      await page.evaluate(() => (window as unknown as { engine: { start(): void } }).engine.start());
      const otherHead = (await other.store.position()).seq;
      await expect
        .poll(async () => ({ cursor: (await view()).cursor, name: (await view()).name }), { timeout: 30_000 })
        .toEqual({ cursor: otherHead, name: '重建后的办事指南' });
      expect((await view()).lastError ?? '').not.toMatch(/拒绝/);
    } finally {
      await page.evaluate(() => (window as unknown as { engine: { stop(): void } }).engine.stop());
      proxy.upstreamUrl = server.url;
      await other.close();
    }
    // Back to the original log: another epoch change, another reset.
    await recoversByItself(`办事指南 第 ${version} 版`);
  });

  it('restored from an older backup (same epoch, log behind the kiosk): reports it, resets, and then follows', async () => {
    const backupDir = join(work, 'backup');
    mkdirSync(backupDir);
    await server.store.snapshot(null); // settle
    const backupDb = join(backupDir, 'content.db');
    // VACUUM INTO gives a consistent copy of a live WAL database.
    const Database = (await import('better-sqlite3')).default;
    const live = new Database(join(dataDir(), 'content.db'), { readonly: true });
    live.prepare('VACUUM INTO ?').run(backupDb);
    live.close();
    copyFileSync(join(dataDir(), 'feed-key.pem'), join(backupDir, 'feed-key.pem'));
    // The kiosk moves ahead of the backup.
    const { name: ahead } = await prepare();
    await recoversByItself(ahead);
    const kioskCursor = (await view()).cursor!;
    const restored = await startFeed(backupDir);
    try {
      expect((await restored.store.position()).seq).toBeLessThan(kioskCursor);
      proxy.upstreamUrl = restored.url;
      const after = await syncOnce();
      expect(after.lastError).toMatch(/比内容服务器（序号 \d+）新/);
      expect(after.cursor).toBe((await restored.store.position()).seq);
      expect(after.name).not.toBe(ahead);
      // New publishes on the restored server reach the kiosk: no silent divergence.
      await publish([guide('g-0', { name: '恢复后新发布' })], restored);
      const next = await syncOnce();
      expect(next).toMatchObject({ cursor: (await restored.store.position()).seq, name: '恢复后新发布', lastError: null });
    } finally {
      proxy.upstreamUrl = server.url;
      await restored.close();
    }
  });
}, 600_000);
