/** The fleet view (console) and the heartbeat endpoint (kiosks, bearer token, nothing else). */
import { Hono } from 'hono';
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
import { parseInput, readJson } from './helpers';

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

export function fleetRoutes(deps: {
  fleet: Fleet;
  consoleStore: ConsoleStore;
  pairing: PairingCodes;
  alerts: AlertMonitor;
  webhookConfigured: boolean;
}) {
  const { fleet } = deps;
  const app = new Hono<ConsoleEnv>();
  const requireAdmin = (user: ConsoleEnv['Variables']['user']) => {
    if (user.role !== 'admin') throw new WorkflowError('forbidden', '只有管理员可以登记或注销终端');
  };

  app.get('/kiosks', async (c) => c.json({ kiosks: await fleet.status() }));

  /** Active alerts (checked every minute; ?refresh=1 checks now) and the latest resolved ones (?history=N, at most 200). */
  app.get('/alerts', async (c) => {
    if (c.req.query('refresh') === '1') await deps.alerts.check();
    const [alerts, history] = await Promise.all([deps.alerts.active(), deps.alerts.history(Number(c.req.query('history') ?? 20) || 20)]);
    return c.json({ alerts, history, webhookConfigured: deps.webhookConfigured });
  });

  app.get('/kiosk-templates', (c) => c.json({ templates: fleet.templates() }));

  /** A paired kiosk's settings (never its token or PIN hash). */
  app.get('/kiosks/:id/settings', async (c) => c.json(await fleet.settingsOf(c.req.param('id'))));

  /** Changes reach the kiosk in its next heartbeat reply; no re-pairing. */
  app.patch('/kiosks/:id/settings', async (c) => {
    const user = c.get('user');
    requireAdmin(user);
    const input = parseInput(EditKioskInput, await readJson(c));
    return c.json(await fleet.updateSettings(user, c.req.param('id'), input));
  });

  app.get('/kiosks/:id/actions', async (c) => c.json({ actions: await fleet.actions(c.req.param('id')) }));
  app.get('/kiosk-actions', async (c) => c.json({ actions: await fleet.actions() }));

  /** The pictures a kiosk uploaded for screenshot actions (newest first, kept for a limited time and count). */
  app.get('/kiosks/:id/screenshots', async (c) => c.json({ screenshots: await fleet.screenshots(c.req.param('id')) }));
  app.get('/kiosk-screenshots/:shotId', async (c) => {
    const id = Number(c.req.param('shotId'));
    const found = Number.isSafeInteger(id) && id > 0 ? await fleet.screenshot(id) : null;
    if (!found) throw new WorkflowError('not-found', '截图不存在或已过保留期');
    return c.body(found.bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': found.shot.type,
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  /** Reload, resync from scratch or clear the cache: queued, delivered in the kiosk's next heartbeat reply. */
  app.post('/kiosks/:id/actions', async (c) => {
    const user = c.get('user');
    requireAdmin(user);
    const input = parseInput(ActionInput, await readJson(c));
    return c.json({ action: await fleet.queueAction(user, c.req.param('id'), input.action) }, 201);
  });

  app.post('/kiosks', async (c) => {
    const user = c.get('user');
    requireAdmin(user);
    const input = parseInput(RegisterKioskInput, await readJson(c));
    return c.json(await fleet.register(user, input), 201);
  });

  /** The code a kiosk shows, and its settings: the kiosk receives them by itself. */
  app.post('/kiosks/pair', async (c) => {
    const user = c.get('user');
    requireAdmin(user);
    const input = parseInput(PairKioskInput, await readJson(c));
    try {
      return c.json(await fleet.pair(user, input, deps.pairing), 201);
    } catch (err) {
      if (!(err instanceof PairingDelay)) throw err;
      c.header('Retry-After', String(err.retryAfterSeconds));
      return c.json({ error: 'rate-limited', message: err.message, problems: [{ field: 'code', message: err.message }] }, 429);
    }
  });

  app.post('/kiosks/:id/token', async (c) => {
    const user = c.get('user');
    requireAdmin(user);
    const input = parseInput(ReissueInput, await readJson(c));
    return c.json(await fleet.reissue(user, c.req.param('id'), input));
  });

  app.delete('/kiosks/:id', async (c) => {
    const user = c.get('user');
    requireAdmin(user);
    await fleet.remove(user, c.req.param('id'));
    return c.json({ ok: true });
  });

  app.get('/publications', async (c) => {
    const limit = Math.min(Number(c.req.query('limit') ?? 50) || 50, 500);
    return c.json({ publications: await fleet.reach(await deps.consoleStore.listPublications(limit)) });
  });

  return app;
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
