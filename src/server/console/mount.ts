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
import { PairingCodes } from './fleet/pairing';
import { accountRoutes, requireReadyAccount } from './http/account-routes';
import { adminRoutes } from './http/admin-routes';
import { auditRoutes } from './http/audit-routes';
import { authRoutes, type SetupLink } from './http/auth-routes';
import { draftRoutes } from './http/draft-routes';
import type { ConsoleEnv } from './http/env';
import { fileRoutes } from './http/file-routes';
import { fleetRoutes, heartbeatRoutes } from './http/fleet-routes';
import { LoginLimiter } from './http/rate-limit';
import { consoleSecurityHeaders } from './http/security-headers';
import { requireSession } from './http/sessions';
import { openSqliteConsoleStore } from './store/sqlite-console-store';
import { WorkflowError } from './workflow/errors';
import { createWorkflow } from './workflow/workflow';
import type { ContentStore } from '../store/content-store';
import { Hono as HonoApp } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_UPLOAD_BYTES } from './media/normalise';

const tooLarge = (limit: string) => (c: Context) => c.json({ error: 'too-large', message: `请求过大：不能超过 ${limit}` }, 413);
const uploadLimit = bodyLimit({ maxSize: MAX_UPLOAD_BYTES + 256 * 1024, onError: tooLarge('10 MB') });
const jsonLimit = bodyLimit({ maxSize: 2 * 1024 * 1024, onError: tooLarge('2 MB') });

export interface ConsoleOptions {
  content: ContentStore;
  /** Where console.db lives (ignored when consoleStore is given). */
  dataDir?: string;
  consoleStore?: ConsoleStore;
  now?: () => Date;
  /** Raw Ed25519 public key (base64) for kiosk configs; defaults to asking the app's own GET /feed/v1/key. */
  feedPublicKey?: () => Promise<string>;
  /** Scheduler tick; 0 disables the timer (tests call runScheduled()). */
  schedulerIntervalMs?: number;
  /** Trust X-Forwarded-For for the login rate limit (only behind a proxy you run). */
  trustProxy?: boolean;
  /** Where to announce the one-time setup link (defaults to console.warn). */
  log?: (message: string) => void;
  limiter?: LoginLimiter;
  /** Admins must enrol two-factor (TOTP) before they can do anything else. Default true. */
  requireAdminTotp?: boolean;
}

export interface MountedConsole {
  consoleStore: ConsoleStore;
  workflow: ReturnType<typeof createWorkflow>;
  fleet: ReturnType<typeof createFleet>;
  /** The one-time first-admin token (null when an admin exists or it was used). */
  setupToken(): string | null;
  /** Runs one scheduler tick now (publishing due items, withdrawing expired notices). */
  runScheduled(): Promise<{ published: number; withdrawn: number; failed: number }>;
  close(): Promise<void>;
}

export function mountConsole(app: Hono<any>, options: ConsoleOptions): MountedConsole {
  const now = options.now ?? (() => new Date());
  const content = options.content;
  if (!options.consoleStore && !options.dataDir) throw new Error('mountConsole needs dataDir or consoleStore');
  const consoleStore = options.consoleStore ?? openSqliteConsoleStore({ dataDir: options.dataDir!, now });
  const log = options.log ?? ((m: string) => console.warn(m));
  const feedPublicKey =
    options.feedPublicKey ??
    (async () => {
      const res = await app.request('/feed/v1/key');
      if (!res.ok) throw new Error(`GET /feed/v1/key answered ${res.status}`);
      return ((await res.json()) as { publicKey: string }).publicKey;
    });
  const workflow = createWorkflow({ content, consoleStore, now });
  const fleet = createFleet({ content, consoleStore, now, feedPublicKey });
  const pairing = new PairingCodes(() => now().getTime());
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

  const api = new HonoApp<ConsoleEnv>();
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
    console.error('console API error', err);
    return c.json({ error: 'internal', message: '服务器内部错误，请稍后重试；如持续出现请联系管理员' }, 500);
  });
  const requireAdminTotp = options.requireAdminTotp ?? true;
  api.route('/', authRoutes({ consoleStore, now, limiter, setup, trustProxy: options.trustProxy ?? false, requireAdminTotp }));
  const authed = new HonoApp<ConsoleEnv>();
  authed.use('*', requireSession(consoleStore, now));
  authed.use('*', requireReadyAccount(consoleStore, requireAdminTotp));
  authed.route('/', accountRoutes({ consoleStore, now, requireAdminTotp }));
  authed.route('/', draftRoutes({ content, consoleStore, workflow }));
  authed.route('/', adminRoutes({ consoleStore, now, limiter }));
  authed.route('/', auditRoutes({ consoleStore, now }));
  authed.route('/', fileRoutes({ content, consoleStore, now }));
  authed.route('/', fleetRoutes({ fleet, consoleStore, pairing }));
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
    return c.json({ error: 'internal' }, 500);
  });
  kioskApi.route('/', heartbeatRoutes({ fleet, pairing }));
  app.route('/api/kiosk', kioskApi);

  let running: Promise<unknown> = Promise.resolve();
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
    setupToken: () => setup.token,
    async close() {
      if (timer) clearInterval(timer);
      await running;
      if (!options.consoleStore) await consoleStore.close();
    },
  };
}
