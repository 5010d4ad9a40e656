/**
 * Builds the console's parts for the server app to mount: the console API
 * (sessions + CSRF, with its security headers), the kiosk heartbeat endpoint,
 * the security headers for the console pages, the first-admin setup link and
 * the publishing scheduler. It never touches the parent app:
 *   const consoleApp = mountConsole({ content, dataDir, feedPublicKey, logger });
 *   app.use('/console', consoleApp.pageHeaders);  app.use('/console/*', consoleApp.pageHeaders);
 *   app.route('/api/console', consoleApp.api);  app.route('/api/kiosk', consoleApp.kioskApi);
 * The console pages themselves are served by the static handler (SPA shell at /console).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { loadTotpKey, migratePlaintextTotpSecrets, withEncryptedTotpSecrets } from './accounts/secret-box';
import { randomToken } from './accounts/tokens';
import type { ConsoleStore } from './console-store';
import { alertOptionsFromEnv, createAlertMonitor, DEFAULT_THRESHOLDS, type AlertMonitor, type AlertOptions } from './fleet/alerts';
import { createFleet } from './fleet/fleet';
import { createWebhookSender } from './fleet/webhook';
import { PairingCodes } from './fleet/pairing';
import { accountRoutes, requireReadyAccount } from './http/account-routes';
import { adminRoutes } from './http/admin-routes';
import { auditRoutes } from './http/audit-routes';
import { authRoutes } from './http/auth-routes';
import { batchRoutes } from './http/batch-routes';
import { draftRoutes } from './http/draft-routes';
import { historyRoutes } from './http/history-routes';
import { previewRoutes } from './http/preview-routes';
import { recordListRoutes } from './http/record-list-routes';
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
import { HTTPException } from 'hono/http-exception';
import { MAX_UPLOAD_BYTES } from './media/normalise';
import { createFeedback, type Feedback } from '../feedback/mount';
import type { FeedbackStore } from '../feedback/feedback-store';

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
  /** Raw Ed25519 public key (base64) for kiosk configs. */
  feedPublicKey: () => Promise<string>;
  /**
   * Runs a scheduler tick unless another server process is running one (then
   * resolves null and this tick is skipped). Default: always run (one process).
   */
  schedulerLock?: <T>(tick: () => Promise<T>) => Promise<T | null>;
  /** Scheduler tick; 0 disables the timer (tests call runScheduled()). */
  schedulerIntervalMs?: number;
  /**
   * Addresses or CIDR ranges of the reverse proxies you run: X-Forwarded-For and
   * X-Forwarded-Host are believed only from them. Default none.
   */
  trustedProxies?: readonly string[];
  /** Import bounds and a progress listener (e.g. for a log line per phase). */
  imports?: ImportOptions;
  /** The server's log: the one-time setup link, API and heartbeat failures, scheduler failures. */
  logger: Pick<Logger, 'warn' | 'error'>;
  limiter?: LoginLimiter;
  /** Residents' feedback store (defaults to <dataDir>/feedback.db). */
  feedbackStore?: FeedbackStore;
  /** Per-kiosk limit of feedback batches. */
  feedbackRateLimit?: { burst: number; perMinute: number };
  /** Admins must enrol two-factor (TOTP) before they can do anything else. Default true. */
  requireAdminTotp?: boolean;
  /** The server's PUBLIC_URL: paired kiosks whose settings name no public address get this one. */
  publicUrl?: string;
  /**
   * Key for TOTP secrets at rest (32 bytes, base64 or hex); default TOTP_SECRET_KEY, else
   * <dataDir>/totp-secret.key (created on first start, mode 0600).
   */
  totpKey?: string;
  /** Fleet alerts and their webhook; default from ALERT_WEBHOOK_URL, ALERT_WEBHOOK_SECRET, ALERT_SILENT_MINUTES, ALERT_ERROR_COUNT. */
  alerts?: AlertOptions;
}

export interface MountedConsole {
  /** The console API, to mount at /api/console. */
  api: HonoApp<ConsoleEnv>;
  /** The fleet heartbeat endpoint, to mount at /api/kiosk. */
  kioskApi: HonoApp;
  /** Security headers for the console pages (/console and /console/*), which the static handler serves. */
  pageHeaders: MiddlewareHandler;
  consoleStore: ConsoleStore;
  workflow: ReturnType<typeof createWorkflow>;
  fleet: ReturnType<typeof createFleet>;
  alerts: AlertMonitor;
  feedback: Feedback;
  /** The one-time first-admin token (null when an admin exists or it was used), as stored for every process. */
  setupToken(): Promise<string | null>;
  /** Settles when plaintext TOTP secrets from before encryption are encrypted (how many values). */
  totpMigrated: Promise<number>;
  /** Settles when the start-up repair of half-published drafts is done (the scheduler waits for it). */
  ready: Promise<ReconcileResult>;
  /** Runs one scheduler tick now (publishing due items, withdrawing expired notices). */
  runScheduled(): Promise<{ published: number; withdrawn: number; failed: number }>;
  close(): Promise<void>;
}

interface ApiDeps {
  content: ContentStore;
  consoleStore: ConsoleStore;
  workflow: ReturnType<typeof createWorkflow>;
  fleet: ReturnType<typeof createFleet>;
  alerts: AlertMonitor;
  pairing: PairingCodes;
  feedback: Feedback;
  limiter: LoginLimiter;
  proxies: ReturnType<typeof parseTrustedProxies>;
  now: () => Date;
  requireAdminTotp: boolean;
  imports: ImportOptions;
  webhookConfigured: boolean;
  feedPublicKey: () => Promise<string>;
  publicUrl?: string;
}

/**
 * Every console API route, chained so its inputs and answers stay in the type:
 * the console calls them through Hono's typed client (src/console/client.ts).
 */
function consoleApiRoutes(deps: ApiDeps) {
  const { content, consoleStore, workflow, now, requireAdminTotp } = deps;
  const authed = new HonoApp<ConsoleEnv>()
    .use('*', requireSession(consoleStore, now))
    .use('*', requireReadyAccount(consoleStore, requireAdminTotp))
    .route('/', accountRoutes({ consoleStore, now, requireAdminTotp }))
    .route('/', recordListRoutes({ content, consoleStore, workflow, now }))
    .route('/', draftRoutes({ content, consoleStore, workflow }))
    .route('/', batchRoutes({ content, consoleStore, workflow }))
    .route('/', historyRoutes({ content, consoleStore, workflow }))
    .route('/', previewRoutes({ content, workflow, now, feedPublicKey: deps.feedPublicKey, publicUrl: deps.publicUrl }))
    .route('/', adminRoutes({ consoleStore, now, limiter: deps.limiter }))
    .route('/', auditRoutes({ consoleStore, now }))
    .route('/', fileRoutes({ content, consoleStore, now, imports: deps.imports }))
    .route(
      '/',
      fleetRoutes({
        fleet: deps.fleet,
        consoleStore,
        pairing: deps.pairing,
        alerts: deps.alerts,
        webhookConfigured: deps.webhookConfigured,
      }),
    )
    .route('/', deps.feedback.consoleRoutes());
  authed.notFound((c) => c.json({ error: 'not-found', message: '没有这个接口' }, 404));
  return new HonoApp<ConsoleEnv>()
    .route('/', authRoutes({ consoleStore, now, limiter: deps.limiter, proxies: deps.proxies, requireAdminTotp }))
    .route('/', authed);
}

/** The console API as the typed client sees it (paths relative to /api/console). */
export type ConsoleApi = ReturnType<typeof consoleApiRoutes>;

export function mountConsole(options: ConsoleOptions): MountedConsole {
  const now = options.now ?? (() => new Date());
  const content = options.content;
  const sqlite = sqliteInternalsOf(content);
  if ((!options.consoleStore || !options.publishStore) && !sqlite)
    throw new Error('mountConsole needs consoleStore and publishStore unless the content store is SQLite');
  if (sqlite && !options.consoleStore) prepareConsoleTables(sqlite.db, sqlite.dataDir, now());
  const rawConsoleStore = options.consoleStore ?? createSqliteConsoleStore(sqlite!.db, { now });
  const totpKey = loadTotpKey({ envKey: options.totpKey ?? process.env.TOTP_SECRET_KEY, dataDir: options.dataDir ?? sqlite?.dataDir });
  const consoleStore = totpKey ? withEncryptedTotpSecrets(rawConsoleStore, totpKey) : rawConsoleStore;
  const publishStore = options.publishStore ?? sqlitePublishStoreFor(content, { now });
  const { logger, feedPublicKey } = options;
  if (!totpKey) logger.warn('No TOTP_SECRET_KEY and no data directory: two-factor secrets are stored unencrypted');
  const totpMigrated = totpKey ? migratePlaintextTotpSecrets(rawConsoleStore, totpKey) : Promise.resolve(0);
  totpMigrated.catch((err: unknown) => logger.error({ err }, 'could not encrypt the stored TOTP secrets'));
  const workflow = createWorkflow({ content, consoleStore, publishStore, now });
  const fleet = createFleet({ content, consoleStore, now, feedPublicKey, publicUrl: options.publicUrl });
  const pairing = new PairingCodes(consoleStore, () => now().getTime());
  const alertOptions = options.alerts ?? alertOptionsFromEnv(process.env);
  if (alertOptions.webhookUrl && !alertOptions.webhookSecret)
    logger.warn('ALERT_WEBHOOK_URL is set without ALERT_WEBHOOK_SECRET: alert posts are not signed');
  const webhook = alertOptions.webhookUrl
    ? createWebhookSender({
        url: alertOptions.webhookUrl,
        secret: alertOptions.webhookSecret,
        onFailed: ({ attempts, error }) => logger.error({ attempts, error }, 'alert webhook failed; giving up on this message'),
      })
    : null;
  const thresholds = { ...DEFAULT_THRESHOLDS };
  for (const [key, value] of Object.entries(alertOptions.thresholds ?? {}))
    if (value !== undefined) thresholds[key as keyof typeof thresholds] = value;
  const alerts = createAlertMonitor({ fleet, consoleStore, now, thresholds, webhook });
  const limiter = options.limiter ?? new LoginLimiter(consoleStore, { now: () => now().getTime() });
  const feedback = createFeedback({
    dataDir: options.dataDir ?? sqlite?.dataDir,
    store: options.feedbackStore,
    consoleStore,
    authenticate: (token) => fleet.authenticate(token),
    now,
    rateLimit: options.feedbackRateLimit,
    onAuditError: (err) =>
      logger.error({ err }, 'case audit entry not yet in the audit log; it is copied on the next case change or start'),
  });
  // One token for every server process on the database: the first to start stores it, all print it.
  void (async () => {
    if ((await consoleStore.countAdmins()) > 0) return consoleStore.clearSetupToken();
    const token = await consoleStore.offerSetupToken(randomToken(24), now().toISOString());
    if (!token) return;
    logger.warn(
      `No console administrator yet. Create the first one (link works once): /console/setup?token=${token}  — or run: npm run admin:create -- --username <name>`,
    );
  })().catch(() => undefined);

  const headers = consoleSecurityHeaders();
  const proxies = parseTrustedProxies(options.trustedProxies ?? []);
  const api = new HonoApp<ConsoleEnv>();
  api.use('*', headers);
  api.use('*', (c, next) => {
    c.set('forwardedByTrustedProxy', proxies.forwardedByTrustedProxy(c));
    return next();
  });
  // Uploads and imports may be large; everything else is a small JSON body.
  api.use('*', (c, next) => (/^\/api\/console\/(media|import\/)/.test(c.req.path) ? uploadLimit(c, next) : jsonLimit(c, next)));
  api.onError(async (err, c) => {
    if (err instanceof WorkflowError) {
      // A refused attempt is part of the record: who tried what, and why it was refused.
      const user = c.get('user');
      if (err.status === 403 && user) {
        await consoleStore
          .appendAudit([
            {
              actorId: user.id,
              actorName: user.username,
              action: 'denied',
              targetType: 'api',
              targetId: `${c.req.method} ${c.req.path.replace(/^\/api\/console/, '')}`.slice(0, 200),
              detail: err.message,
            },
          ])
          .catch(() => undefined);
      }
      return c.json(err.toBody(), err.status as 400);
    }
    // hono's own refusals (a body it cannot read): the caller's mistake, not the server's.
    if (err instanceof HTTPException && err.status < 500)
      return c.json({ error: 'bad-request', message: `请求无法处理：${err.message}` }, err.status);
    logger.error({ err, method: c.req.method, path: c.req.path }, 'console API error');
    const failure = databaseFailureOf(err);
    if (failure) {
      if (failure.retryAfterSeconds) c.header('Retry-After', String(failure.retryAfterSeconds));
      return c.json({ error: failure.error, message: failure.message }, failure.status);
    }
    return c.json({ error: 'internal', message: '服务器内部错误，请稍后重试；如持续出现请联系管理员' }, 500);
  });
  const requireAdminTotp = options.requireAdminTotp ?? true;
  api.route(
    '/',
    consoleApiRoutes({
      content,
      consoleStore,
      workflow,
      fleet,
      alerts,
      pairing,
      feedback,
      limiter,
      proxies,
      now,
      requireAdminTotp,
      imports: options.imports ?? {},
      webhookConfigured: webhook !== null,
      feedPublicKey,
      publicUrl: options.publicUrl,
    }),
  );

  const kioskApi = new HonoApp();
  // Feedback batches carry their own, larger limit (feedback/ingest-routes.ts).
  kioskApi.use(
    '/heartbeat',
    bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: 'too-large', message: 'heartbeat body too large' }, 413) }),
  );
  kioskApi.onError((err, c) => {
    if (err instanceof WorkflowError) return c.json(err.toBody(), err.status as 400);
    logger.error({ err, method: c.req.method, path: c.req.path }, 'heartbeat error');
    const failure = databaseFailureOf(err);
    if (failure) {
      if (failure.retryAfterSeconds) c.header('Retry-After', String(failure.retryAfterSeconds));
      return c.json({ error: failure.error, message: failure.english }, failure.status);
    }
    return c.json({ error: 'internal' }, 500);
  });
  kioskApi.route('/', heartbeatRoutes({ fleet, pairing }));
  kioskApi.route('/', feedback.ingestRoutes());

  const ready = reconcileDrafts({ content, consoleStore, now });
  void ready.then(
    (r) => {
      if (r.markedPublished.length || r.returnedToReview.length)
        logger.warn(
          `Repaired drafts left mid-publish: ${r.markedPublished.length} recorded as published, ${r.returnedToReview.length} back to review`,
        );
    },
    (err: unknown) => logger.error({ err }, 'could not check drafts left mid-publish'),
  );
  let running: Promise<unknown> = ready.catch(() => undefined);
  const runScheduled = () => {
    const lock = options.schedulerLock ?? ((run) => run());
    const tick = running.then(async () => (await lock(() => workflow.runDue())) ?? { published: 0, withdrawn: 0, failed: 0 });
    running = tick.catch(() => undefined);
    return tick;
  };
  const interval = options.schedulerIntervalMs ?? 30_000;
  const timer =
    interval > 0
      ? setInterval(() => void runScheduled().catch((err: unknown) => logger.error({ err }, 'scheduler tick failed')), interval)
      : null;
  timer?.unref?.();
  const alertInterval = alertOptions.intervalMs ?? 60_000;
  const alertTimer =
    alertInterval > 0
      ? setInterval(() => void alerts.check().catch((err: unknown) => logger.error({ err }, 'fleet alert check failed')), alertInterval)
      : null;
  alertTimer?.unref?.();

  return {
    api,
    kioskApi,
    pageHeaders: headers,
    consoleStore,
    workflow,
    fleet,
    alerts,
    feedback,
    runScheduled,
    ready,
    totpMigrated,
    setupToken: async () => ((await consoleStore.countAdmins()) > 0 ? null : consoleStore.setupToken()),
    async close() {
      if (timer) clearInterval(timer);
      if (alertTimer) clearInterval(alertTimer);
      webhook?.close();
      await totpMigrated.catch(() => undefined);
      await running;
      await feedback.close();
      if (!options.consoleStore) await consoleStore.close();
    },
  };
}
