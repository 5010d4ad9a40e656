/**
 * Wires the console into the server app: security headers on /console and
 * /api/console, the console API (sessions + CSRF), the kiosk heartbeat
 * endpoint, the first-admin setup link and the publishing scheduler.
 *   mountConsole(app, { content, dataDir })
 * The console pages themselves are served by the static handler (SPA shell at /console).
 */
import type { Context, Hono } from 'hono';
import { randomToken } from './accounts/tokens';
import type { ConsoleStore } from './console-store';
import { createFleet } from './fleet/fleet';
import { adminRoutes } from './http/admin-routes';
import { authRoutes, type SetupLink } from './http/auth-routes';
import { draftRoutes } from './http/draft-routes';
import type { ConsoleEnv } from './http/env';
import { fileRoutes } from './http/file-routes';
import type { ImportOptions } from './imports/import-service';
import { fleetRoutes, heartbeatRoutes } from './http/fleet-routes';
import { LoginLimiter } from './http/rate-limit';
import { consoleSecurityHeaders } from './http/security-headers';
import { requireSession } from './http/sessions';
import { parseTrustedProxies } from './http/trusted-proxies';
import type { PublishStore } from './publish-store';
import { createSqliteConsoleStore, prepareConsoleTables } from './store/sqlite-console-store';
import { sqlitePublishStoreFor } from './store/sqlite-publish-store';
import { WorkflowError } from './workflow/errors';
import { reconcileDrafts, type ReconcileResult } from './workflow/reconcile';
import { createWorkflow } from './workflow/workflow';
import type { ContentStore } from '../store/content-store';
import { databaseFailureOf } from '../store/database-errors';
import { sqliteInternalsOf } from '../store/sqlite-store';
import { Hono as HonoApp } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_UPLOAD_BYTES } from './media/normalise';

const tooLarge = (limit: string) => (c: Context) => c.json({ error: 'too-large', message: `请求过大：不能超过 ${limit}` }, 413);
const uploadLimit = bodyLimit({ maxSize: MAX_UPLOAD_BYTES + 256 * 1024, onError: tooLarge('10 MB') });
const jsonLimit = bodyLimit({ maxSize: 2 * 1024 * 1024, onError: tooLarge('2 MB') });

export interface ConsoleOptions {
  content: ContentStore;
  /**
   * Unused: with a SQLite content store the console's tables live in its
   * database (a legacy <dataDir>/console.db is migrated into it on start).
   */
  dataDir?: string;
  /** Defaults to the console tables in the SQLite content store's own database. */
  consoleStore?: ConsoleStore;
  /** Defaults to one SQLite transaction on the content store's connection. */
  publishStore?: PublishStore;
  now?: () => Date;
  /** Raw Ed25519 public key (base64) for kiosk configs; defaults to asking the app's own GET /feed/v1/key. */
  feedPublicKey?: () => Promise<string>;
  /** Scheduler tick; 0 disables the timer (tests call runScheduled()). */
  schedulerIntervalMs?: number;
  /**
   * Addresses or CIDR ranges of the reverse proxies you run: X-Forwarded-For and
   * X-Forwarded-Host are believed only from them. Default none.
   */
  trustedProxies?: readonly string[];
  /** Import bounds and a progress listener (e.g. for a log line per phase). */
  imports?: ImportOptions;
  /** Where to announce the one-time setup link (defaults to console.warn). */
  log?: (message: string) => void;
  limiter?: LoginLimiter;
}

export interface MountedConsole {
  consoleStore: ConsoleStore;
  workflow: ReturnType<typeof createWorkflow>;
  fleet: ReturnType<typeof createFleet>;
  /** The one-time first-admin token (null when an admin exists or it was used). */
  setupToken(): string | null;
  /** Settles when the start-up repair of half-published drafts is done (the scheduler waits for it). */
  ready: Promise<ReconcileResult>;
  /** Runs one scheduler tick now (publishing due items, withdrawing expired notices). */
  runScheduled(): Promise<{ published: number; withdrawn: number; failed: number }>;
  close(): Promise<void>;
}

export function mountConsole(app: Hono<any>, options: ConsoleOptions): MountedConsole {
  const now = options.now ?? (() => new Date());
  const content = options.content;
  const sqlite = sqliteInternalsOf(content);
  if ((!options.consoleStore || !options.publishStore) && !sqlite)
    throw new Error('mountConsole needs consoleStore and publishStore unless the content store is SQLite');
  if (sqlite && !options.consoleStore) prepareConsoleTables(sqlite.db, sqlite.dataDir, now());
  const consoleStore = options.consoleStore ?? createSqliteConsoleStore(sqlite!.db, { now });
  const publishStore = options.publishStore ?? sqlitePublishStoreFor(content, { now });
  const log = options.log ?? ((m: string) => console.warn(m));
  const feedPublicKey =
    options.feedPublicKey ??
    (async () => {
      const res = await app.request('/feed/v1/key');
      if (!res.ok) throw new Error(`GET /feed/v1/key answered ${res.status}`);
      return ((await res.json()) as { publicKey: string }).publicKey;
    });
  const workflow = createWorkflow({ content, consoleStore, publishStore, now });
  const fleet = createFleet({ content, consoleStore, now, feedPublicKey });
  const limiter = options.limiter ?? new LoginLimiter({ now: () => now().getTime() });
  const setup: SetupLink = { token: null };

  void consoleStore
    .countAdmins()
    .then((admins) => {
      if (admins > 0) return;
      setup.token = randomToken(24);
      log(
        `No console administrator yet. Create the first one (link works once): /console/setup?token=${setup.token}  — or run: npm run admin:create -- --username <name>`,
      );
    })
    .catch(() => undefined);

  const headers = consoleSecurityHeaders();
  app.use('/console', headers);
  app.use('/console/*', headers);
  app.use('/api/console/*', headers);

  const proxies = parseTrustedProxies(options.trustedProxies ?? []);
  const api = new HonoApp<ConsoleEnv>();
  api.use('*', (c, next) => {
    c.set('forwardedByTrustedProxy', proxies.forwardedByTrustedProxy(c));
    return next();
  });
  // Uploads and imports may be large; everything else is a small JSON body.
  api.use('*', (c, next) => (/^\/api\/console\/(media|import\/)/.test(c.req.path) ? uploadLimit(c, next) : jsonLimit(c, next)));
  api.onError((err, c) => {
    if (err instanceof WorkflowError) return c.json(err.toBody(), err.status as 400);
    console.error('console API error', err);
    const failure = databaseFailureOf(err);
    if (failure) {
      if (failure.retryAfterSeconds) c.header('Retry-After', String(failure.retryAfterSeconds));
      return c.json({ error: failure.error, message: failure.message }, failure.status);
    }
    return c.json({ error: 'internal', message: '服务器内部错误，请稍后重试；如持续出现请联系管理员' }, 500);
  });
  api.route('/', authRoutes({ consoleStore, now, limiter, setup, proxies }));
  const authed = new HonoApp<ConsoleEnv>();
  authed.use('*', requireSession(consoleStore, now));
  authed.route('/', draftRoutes({ content, consoleStore, workflow }));
  authed.route('/', adminRoutes({ consoleStore, now }));
  authed.route('/', fileRoutes({ content, consoleStore, now, imports: options.imports ?? {} }));
  authed.route('/', fleetRoutes({ fleet, consoleStore }));
  authed.notFound((c) => c.json({ error: 'not-found', message: '没有这个接口' }, 404));
  api.route('/', authed);
  app.route('/api/console', api);

  const kioskApi = new HonoApp();
  kioskApi.use(
    '*',
    bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: 'too-large', message: 'heartbeat body too large' }, 413) }),
  );
  kioskApi.onError((err, c) => {
    if (err instanceof WorkflowError) return c.json(err.toBody(), err.status as 400);
    console.error('heartbeat error', err);
    const failure = databaseFailureOf(err);
    if (failure) {
      if (failure.retryAfterSeconds) c.header('Retry-After', String(failure.retryAfterSeconds));
      return c.json({ error: failure.error, message: failure.english }, failure.status);
    }
    return c.json({ error: 'internal' }, 500);
  });
  kioskApi.route('/', heartbeatRoutes({ fleet }));
  app.route('/api/kiosk', kioskApi);

  const ready = reconcileDrafts({ content, consoleStore, now });
  void ready.then(
    (r) => {
      if (r.markedPublished.length || r.returnedToReview.length)
        log(
          `Repaired drafts left mid-publish: ${r.markedPublished.length} recorded as published, ${r.returnedToReview.length} back to review`,
        );
    },
    (err) => log(`Could not check drafts left mid-publish: ${(err as Error).message}`),
  );
  let running: Promise<unknown> = ready.catch(() => undefined);
  const runScheduled = () => {
    const tick = running.then(() => workflow.runDue());
    running = tick.catch(() => undefined);
    return tick;
  };
  const interval = options.schedulerIntervalMs ?? 30_000;
  const timer =
    interval > 0 ? setInterval(() => void runScheduled().catch((err) => console.error('scheduler tick failed', err)), interval) : null;
  timer?.unref?.();

  return {
    consoleStore,
    workflow,
    fleet,
    runScheduled,
    ready,
    setupToken: () => setup.token,
    async close() {
      if (timer) clearInterval(timer);
      await running;
      if (!options.consoleStore) await consoleStore.close();
    },
  };
}
