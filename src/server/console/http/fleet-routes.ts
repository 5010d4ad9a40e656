/** The fleet view (console) and the heartbeat endpoint (kiosks, bearer token, nothing else). */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import type { ConsoleStore } from '../console-store';
import {
  ACTION_KINDS,
  HeartbeatInput,
  SCREENSHOT_MAX_BYTES,
  PairingDelay,
  PairKioskInput,
  RegisterKioskInput,
  type Fleet,
} from '../fleet/fleet';
import { EditKioskInput } from '../fleet/kiosk-settings';
import type { AlertMonitor } from '../fleet/alerts';
import type { PairingCodes } from '../fleet/pairing';
import { WorkflowError } from '../workflow/errors';
import type { ConsoleEnv } from './env';
import { jsonInput, parseInput, queryInput, readJson } from './helpers';

const ReissueInput = v.object({
  staffPin: v.pipe(v.string('必须是文本'), v.regex(/^\d{6,12}$/, '维护 PIN 为 6–12 位数字')),
  feedUrl: v.optional(v.pipe(v.string(), v.minLength(1)), '/'),
  pollIntervalSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(3600)), 30),
});

const ActionInput = v.object({
  action: v.picklist(
    ACTION_KINDS,
    "操作必须是 'reload'（重新载入）、'resync'（从头同步）、'clear-cache'（清除缓存）、'rebuild-index'（重建搜索索引）或 'screenshot'（屏幕截图）",
  ),
});

/** A whole number from min to max in the query (e.g. ?history=20), with the default when left out. */
const wholeNumber = (min: number, max: number, fallback: number) =>
  v.optional(
    v.pipe(
      v.string(`必须是 ${min}–${max} 的整数（只给一次）`),
      v.regex(/^\d{1,6}$/, `必须是 ${min}–${max} 的整数`),
      v.transform(Number),
      v.minValue(min, `必须是 ${min}–${max} 的整数`),
      v.maxValue(max, `必须是 ${min}–${max} 的整数`),
    ),
    String(fallback),
  );

/** ?refresh=1 checks the alerts now; ?history=N the latest N resolved ones. */
const AlertsQuery = v.object({
  refresh: v.optional(v.picklist(['0', '1'], 'refresh 只能是 1（立即检查）或 0')),
  history: wholeNumber(1, 200, 20),
});
const PublicationsQuery = v.object({ limit: wholeNumber(1, 500, 50) });

export function fleetRoutes(deps: {
  fleet: Fleet;
  consoleStore: ConsoleStore;
  pairing: PairingCodes;
  alerts: AlertMonitor;
  webhookConfigured: boolean;
}) {
  const { fleet } = deps;
  /** Before the body is checked, so a refused attempt is a 403 (and audited), whatever it carried. */
  const adminOnly: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
    if (c.get('user').role !== 'admin') throw new WorkflowError('forbidden', '只有管理员可以登记或注销终端');
    await next();
  };

  return (
    new Hono<ConsoleEnv>()
      .get('/kiosks', async (c) => c.json({ kiosks: await fleet.status() }))

      /** Active alerts (checked every minute; ?refresh=1 checks now) and the latest resolved ones (?history=N, at most 200). */
      .get('/alerts', queryInput(AlertsQuery), async (c) => {
        const query = c.req.valid('query');
        if (query.refresh === '1') await deps.alerts.check();
        const [alerts, history] = await Promise.all([deps.alerts.active(), deps.alerts.history(query.history)]);
        return c.json({ alerts, history, webhookConfigured: deps.webhookConfigured });
      })

      .get('/kiosk-templates', (c) => c.json({ templates: fleet.templates() }))

      /** A paired kiosk's settings (never its token or PIN hash). */
      .get('/kiosks/:id/settings', async (c) => c.json(await fleet.settingsOf(c.req.param('id'))))

      /** Changes reach the kiosk in its next heartbeat reply; no re-pairing. */
      .patch('/kiosks/:id/settings', adminOnly, jsonInput(EditKioskInput), async (c) =>
        c.json(await fleet.updateSettings(c.get('user'), c.req.param('id'), c.req.valid('json'))),
      )

      .get('/kiosks/:id/actions', async (c) => c.json({ actions: await fleet.actions(c.req.param('id')) }))
      .get('/kiosk-actions', async (c) => c.json({ actions: await fleet.actions() }))

      /** The pictures a kiosk uploaded for screenshot actions (newest first, kept for a limited time and count). */
      .get('/kiosks/:id/screenshots', async (c) => c.json({ screenshots: await fleet.screenshots(c.req.param('id')) }))
      .get('/kiosk-screenshots/:shotId', async (c) => {
        const id = Number(c.req.param('shotId'));
        const found = Number.isSafeInteger(id) && id > 0 ? await fleet.screenshot(id) : null;
        if (!found) throw new WorkflowError('not-found', '截图不存在或已过保留期');
        return c.body(found.bytes as Uint8Array<ArrayBuffer>, 200, {
          'Content-Type': found.shot.type,
          'Cache-Control': 'private, max-age=3600',
          'X-Content-Type-Options': 'nosniff',
        });
      })

      /** Reload, resync from scratch or clear the cache: queued, delivered in the kiosk's next heartbeat reply. */
      .post('/kiosks/:id/actions', adminOnly, jsonInput(ActionInput), async (c) =>
        c.json({ action: await fleet.queueAction(c.get('user'), c.req.param('id'), c.req.valid('json').action) }, 201),
      )

      .post('/kiosks', adminOnly, jsonInput(RegisterKioskInput), async (c) =>
        c.json(await fleet.register(c.get('user'), c.req.valid('json')), 201),
      )

      /** The code a kiosk shows, and its settings: the kiosk receives them by itself. */
      .post('/kiosks/pair', adminOnly, jsonInput(PairKioskInput), async (c) => {
        try {
          return c.json(await fleet.pair(c.get('user'), c.req.valid('json'), deps.pairing), 201);
        } catch (err) {
          if (!(err instanceof PairingDelay)) throw err;
          c.header('Retry-After', String(err.retryAfterSeconds));
          return c.json({ error: 'rate-limited', message: err.message, problems: [{ field: 'code', message: err.message }] }, 429);
        }
      })

      .post('/kiosks/:id/token', adminOnly, jsonInput(ReissueInput), async (c) =>
        c.json(await fleet.reissue(c.get('user'), c.req.param('id'), c.req.valid('json'))),
      )

      .delete('/kiosks/:id', adminOnly, async (c) => {
        await fleet.remove(c.get('user'), c.req.param('id'));
        return c.json({ ok: true });
      })

      .get('/publications', queryInput(PublicationsQuery), async (c) => {
        const { limit } = c.req.valid('query');
        return c.json({ publications: await fleet.reach(await deps.consoleStore.listPublications(limit)) });
      })
  );
}

/**
 * POST /api/kiosk/heartbeat: the only thing a kiosk token can do.
 * POST /api/kiosk/pairing: a kiosk with no configuration gets a code to show and a secret;
 * POST /api/kiosk/pairing/status (Bearer secret): waiting, its configuration (once), or expired.
 */
export function heartbeatRoutes(deps: { fleet: Fleet; pairing: PairingCodes }) {
  const app = new Hono();
  app.post('/pairing', async (c) => {
    c.header('Cache-Control', 'no-store');
    const started = await deps.pairing.start();
    if (!started) return c.json({ error: 'busy', message: '待配对的查询机过多，请稍后再试' }, 503);
    return c.json(started, 201);
  });
  app.post('/pairing/status', async (c) => {
    c.header('Cache-Control', 'no-store');
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(c.req.header('authorization') ?? '');
    if (!match) return c.json({ error: 'unauthenticated', message: 'pairing secret missing' }, 401);
    const state = await deps.pairing.poll(match[1]!);
    if (state.status === 'expired') return c.json(state, 410);
    return c.json(state, state.status === 'waiting' ? 202 : 200);
  });
  /**
   * The picture a screenshot action asked for: the raw image (JPEG, PNG or WebP) as the body,
   * its size in ?width=&height=. Only for this kiosk's own delivered screenshot action, once.
   */
  app.post(
    '/screenshot/:actionId',
    bodyLimit({
      maxSize: SCREENSHOT_MAX_BYTES,
      onError: (c) => c.json({ error: 'too-large', message: `screenshot larger than ${SCREENSHOT_MAX_BYTES / 1024} KB` }, 413),
    }),
    async (c) => {
      const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(c.req.header('authorization') ?? '');
      const kiosk = match ? await deps.fleet.authenticate(match[1]!) : null;
      if (!kiosk) {
        c.header('WWW-Authenticate', 'Bearer realm="kiosk-heartbeat"');
        return c.json({ error: 'unauthenticated', message: 'invalid kiosk token' }, 401);
      }
      const actionId = Number(c.req.param('actionId'));
      const dimension = (name: string) => {
        const n = Number(c.req.query(name));
        return Number.isInteger(n) && n > 0 && n <= 20_000 ? n : null;
      };
      if (!Number.isSafeInteger(actionId) || actionId < 1) throw new WorkflowError('not-found', 'no such action');
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const shot = await deps.fleet.saveScreenshot(kiosk, actionId, {
        type,
        bytes,
        width: dimension('width'),
        height: dimension('height'),
      });
      return c.json({ id: shot.id, size: shot.size }, 201);
    },
  );
  app.post('/heartbeat', async (c) => {
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(c.req.header('authorization') ?? '');
    const kiosk = match ? await deps.fleet.authenticate(match[1]!) : null;
    if (!kiosk) {
      c.header('WWW-Authenticate', 'Bearer realm="kiosk-heartbeat"');
      return c.json({ error: 'unauthenticated', message: 'invalid kiosk token' }, 401);
    }
    const beat = parseInput(HeartbeatInput, await readJson(c));
    const reply = await deps.fleet.heartbeat(kiosk, beat, match![1]!);
    c.header('Cache-Control', 'no-store');
    // Settings and actions travel only here, to the holder of the token.
    return c.json(reply, 200);
  });
  return app;
}
