/**
 * The central server: small Hono routers composed into one app, and
 * startServer() which opens the store and signing key, seeds the demo data on
 * first run, and listens.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import pino from 'pino';
import type { ContentRecord, MediaRef } from '../shared/content';
import { buildDemoDataset } from './demo/index';
import { mountConsole } from './console/mount';
import { isKioskPreviewPage } from './console/http/security-headers';
import { exportAfterPublish } from './feed/export/export-after-publish';
import { createFeedExporter } from './feed/export/export-feed';
import { createFeedRoutes, DEFAULT_HEAD_TTL_SECONDS } from './feed/routes';
import { loadOrCreateSigner, type FeedSigner } from './feed/signing';
import { createKioskConfigRoutes, DEFAULT_KIOSK_CONFIG_DIR } from './kiosk-config/routes';
import { createMediaRoutes } from './media/routes';
import { createMobileRoutes } from './mobile/routes';
import { createStaticHandler } from './static/static-files';
import type { ContentStore } from './store/content-store';
import { databaseFailureOf } from './store/database-errors';
import { openStores, type Stores } from './store/open-stores';

export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));
export const DEFAULT_RETENTION_DAYS = 90;

export interface AppDeps {
  dataDir: string;
  store: ContentStore;
  signer: FeedSigner;
  logger: pino.Logger;
  now: () => Date;
  staticDir: string;
  kioskConfigDir: string;
  /** PUBLIC_URL: the address residents' phones reach; kiosks without their own publicUrl get this one. */
  publicUrl?: string;
  /** Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges). */
  trustedProxies?: readonly string[];
  /** Routers with resources of their own (a database, a timer) register their cleanup here. */
  onClose: (cleanup: () => void | Promise<void>) => void;
  /** Lifetime of a signed feed head (its expiresAt). Default 3600. */
  headTtlSeconds?: number;
  /** The console's and feedback stores when they do not live in the SQLite content store's data dir (PostgreSQL). */
  consoleStores?: Stores['console'];
  /** One scheduler tick at a time across server processes (PostgreSQL advisory lock). */
  schedulerLock?: Stores['schedulerLock'];
}

/**
 * The kiosk needs: its own scripts and service worker, images from itself,
 * blob: (media kept in IndexedDB) and data: URLs, inline style attributes
 * (Preact sets style props; the QR code SVG carries style), and fetches to the
 * feed, which may live on another origin (a CDN) in a province deployment.
 */
const KIOSK_CSP = {
  defaultSrc: ["'self'"],
  // wasm-unsafe-eval: the offline voice is WebAssembly (compiling it is all this allows; no JS eval).
  scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'blob:', 'data:'],
  mediaSrc: ["'self'", 'blob:', 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'", 'https:'],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Feed and media answers stay lean (the head 304 must fit in 300 bytes) and set their own headers. */
const LEAN_PREFIXES = ['/feed/', '/media/'];

function securityHeaders(): MiddlewareHandler {
  // overwrite: false keeps a stricter CSP a route set itself (the mobile pages, the console).
  const apply = secureHeaders({ contentSecurityPolicy: KIOSK_CSP, overwrite: false, crossOriginResourcePolicy: 'same-site' });
  // The console's draft preview frames a kiosk page of this origin; nothing else may frame the kiosk.
  const applyPreview = secureHeaders({
    contentSecurityPolicy: { ...KIOSK_CSP, frameAncestors: ["'self'"] },
    xFrameOptions: 'SAMEORIGIN',
    overwrite: false,
    crossOriginResourcePolicy: 'same-site',
  });
  return (c, next) =>
    LEAN_PREFIXES.some((p) => c.req.path.startsWith(p)) ? next() : isKioskPreviewPage(c) ? applyPreview(c, next) : apply(c, next);
}

/** One structured line per request: method, path, status, ms. */
function requestLog(logger: pino.Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - started) * 10) / 10 },
      'request',
    );
  };
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use(requestLog(deps.logger));
  app.use(securityHeaders());

  // v2 binds bodies to hall, epoch and freshness; v1 stays for kiosks not yet updated (docs/feed-protocol.md section 16).
  app.route('/feed/v2', createFeedRoutes({ ...deps, formatVersion: 2, headTtlSeconds: deps.headTtlSeconds }));
  app.route('/feed/v1', createFeedRoutes({ ...deps, formatVersion: 1 }));
  app.route('/media', createMediaRoutes(deps));
  app.route(
    '/kiosk-config',
    createKioskConfigRoutes({
      configDir: deps.kioskConfigDir,
      feedPublicKey: deps.signer.publicKey,
      publicUrl: deps.publicUrl,
      onInvalid: (kioskId, problem) => deps.logger.error({ kioskId, problem }, 'invalid kiosk config template'),
    }),
  );
  app.route('/m', createMobileRoutes(deps));
  // Further feature routers mount here, one line each, before the static fallback.
  const consoleApp = mountConsole({
    content: deps.store,
    dataDir: deps.dataDir,
    now: deps.now,
    feedPublicKey: async () => deps.signer.publicKey,
    logger: deps.logger,
    trustedProxies: deps.trustedProxies ?? [],
    publicUrl: deps.publicUrl,
    ...deps.consoleStores,
    schedulerLock: deps.schedulerLock,
  });
  deps.onClose(consoleApp.close);
  // The console pages come from the static handler below; their stricter headers are set here.
  app.use('/console', consoleApp.pageHeaders);
  app.use('/console/*', consoleApp.pageHeaders);
  app.route('/api/console', consoleApp.api);
  app.route('/api/kiosk', consoleApp.kioskApi);

  // Static files and the single-page-app shells answer everything else: keep this last.
  app.get('*', createStaticHandler(deps.staticDir));

  app.onError((error, c) => {
    deps.logger.error({ err: error, method: c.req.method, path: c.req.path }, 'unhandled error');
    const failure = databaseFailureOf(error);
    if (failure) {
      if (failure.retryAfterSeconds) c.header('Retry-After', String(failure.retryAfterSeconds));
      return c.json({ error: failure.error, message: failure.english }, failure.status);
    }
    return c.json({ error: 'internal', message: 'The server failed to answer this request; the error is in the server log.' }, 500);
  });
  return app;
}

export interface StartServerOptions {
  dataDir: string;
  /** 0 picks a free port. Default 8080. */
  port?: number;
  /** Interface to listen on; default all interfaces (kiosks on the LAN reach it). */
  host?: string;
  staticDir?: string;
  kioskConfigDir?: string;
  /** Load the demo dataset on first start (empty log). Default true. */
  seedDemo?: boolean;
  logger?: pino.Logger;
  now?: () => Date;
  /** The address residents' phones reach (already checked with parsePublicUrl). */
  publicUrl?: string;
  /** Compaction keeps tombstones and superseded versions this long. Default 90 days (FEED_RETENTION_DAYS). */
  retentionDays?: number;
  /** Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); default none. */
  trustedProxies?: readonly string[];
  /** Lifetime of a signed feed head; a kiosk that sees only expired heads shows its data age. Default 3600 (FEED_HEAD_TTL_SECONDS). */
  headTtlSeconds?: number;
  /** Keep a static export of the feed in this directory, re-exported after every publish (FEED_EXPORT_DIR). */
  feedExportDir?: string;
  /** postgres://… (DATABASE_URL): keep everything in PostgreSQL instead of SQLite files in dataDir. */
  databaseUrl?: string;
  /** PostgreSQL schema for the tables; default the role's search_path. */
  databaseSchema?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  store: ContentStore;
  publicKey: string;
  close(): Promise<void>;
}

export interface Dataset {
  records: ContentRecord[];
  media: { bytes: Uint8Array; type: MediaRef['type'] }[];
}

/** Media first (records refer to it), then every record in one publish. */
export async function seedDataset(
  store: ContentStore,
  dataset: Dataset,
  now: Date,
): Promise<{ records: number; media: number; toSeq: number }> {
  for (const media of dataset.media) await store.putMedia(media.bytes, media.type);
  const result = await store.publish(
    dataset.records.map((record) => ({ op: 'put' as const, record })),
    { actor: 'demo-seed', now },
  );
  return { records: dataset.records.length, media: dataset.media.length, toSeq: result.toSeq };
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const logger = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const now = options.now ?? (() => new Date());
  const stores = await openStores({ dataDir, databaseUrl: options.databaseUrl, schema: options.databaseSchema, now, logger });
  const store = stores.content;
  let signer: FeedSigner;
  const cleanups: (() => void | Promise<void>)[] = [];

  try {
    // A missing key for a log with changes stops the start (signing.ts says why and what to do).
    signer = loadOrCreateSigner(dataDir, { logHasChanges: (await store.position()).seq > 0, now });
    // Several processes may start at once on one PostgreSQL: one seeds, the others then see a log.
    await stores.exclusive(async () => {
      if ((options.seedDemo ?? true) && (await store.position()).seq === 0) {
        const seeded = await seedDataset(store, buildDemoDataset(now()), now());
        logger.info(seeded, 'seeded the demo dataset');
      }
    });
    await compact(store, now(), options.retentionDays ?? DEFAULT_RETENTION_DAYS, logger);
  } catch (error) {
    await store.close();
    await stores.close();
    throw error;
  }

  // FEED_EXPORT_DIR: a static export of the feed, written again after every publish.
  if (options.feedExportDir) startStaticExport(store, signer, options.feedExportDir, options, now, logger, cleanups);

  const app = createApp({
    dataDir,
    store,
    signer,
    logger,
    now,
    staticDir: resolve(options.staticDir ?? DEFAULT_STATIC_DIR),
    kioskConfigDir: resolve(options.kioskConfigDir ?? DEFAULT_KIOSK_CONFIG_DIR),
    publicUrl: options.publicUrl,
    trustedProxies: options.trustedProxies ?? [],
    onClose: (cleanup) => cleanups.push(cleanup),
    headTtlSeconds: options.headTtlSeconds,
    consoleStores: stores.console,
    schedulerLock: stores.schedulerLock,
  });

  const compactionTimer = setInterval(() => {
    void compact(store, now(), options.retentionDays ?? DEFAULT_RETENTION_DAYS, logger);
  }, 6 * 3600_000);
  compactionTimer.unref();

  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolveListen, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port ?? 8080, ...(options.host ? { hostname: options.host } : {}) },
      (info: AddressInfo) => resolveListen({ server, port: info.port }),
    );
    server.once('error', reject);
  });
  const url = `http://127.0.0.1:${port}`;
  logger.info({ url, dataDir, keyId: signer.keyId, database: stores.dialect }, 'feed server listening');

  let closed = false;
  return {
    url,
    port,
    store,
    get publicKey() {
      return signer.publicKey;
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(compactionTimer);
      await new Promise<void>((done) => {
        server.close(() => done());
        // Keep-alive connections from kiosks would hold close() open forever.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      for (const cleanup of cleanups.reverse()) await cleanup();
      await store.close();
      await stores.close();
    },
  };
}

/** FEED_EXPORT_DIR: keep a static export of the feed current (src/server/feed/export). */
function startStaticExport(
  store: ContentStore,
  signer: FeedSigner,
  dir: string,
  options: StartServerOptions,
  now: () => Date,
  logger: pino.Logger,
  cleanups: (() => void | Promise<void>)[],
): void {
  const headTtlSeconds = options.headTtlSeconds ?? DEFAULT_HEAD_TTL_SECONDS;
  const exporter = createFeedExporter({ store, signer, outDir: resolve(dir), now, headTtlSeconds });
  const exporting = exportAfterPublish(store, exporter, { headTtlSeconds, logger });
  cleanups.push(exporting.close);
  logger.info({ dir: resolve(dir) }, 'exporting the static feed after every publish');
}

async function compact(store: ContentStore, now: Date, retentionDays: number, logger: pino.Logger) {
  try {
    const result = await store.compact({ now, retentionDays });
    if (result.removedChanges > 0) logger.info({ ...result, retentionDays }, 'compacted the change log');
  } catch (error) {
    logger.error({ err: error }, 'compaction failed');
  }
}
