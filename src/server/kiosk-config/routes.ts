/**
 * GET /kiosk-config/:kioskId.json: the provisioning templates in
 * kiosk-config/ with this server's feed public key filled in. Read on each
 * request (kiosks fetch it once, on first launch), so an edited template
 * needs no restart; validated before it is served, never half-right.
 *
 * This route is public (anyone on the network can read it), so it never
 * carries the staff PIN hash or a heartbeat token: a kiosk started from a
 * template asks POST /kiosk-config/:kioskId/staff-pin to check a PIN, which is
 * limited per kiosk (PinAttemptLimiter). Paired kiosks receive their hash over
 * their authenticated channel and check offline.
 */
import { readFile } from 'node:fs/promises';
import { verifyPinHash } from './pin-hash';
import { PinAttemptLimiter } from './pin-attempts';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import * as v from 'valibot';
import { ID_PATTERN, formatProblems, toProblems } from '../../shared/content';
import { KioskConfigSchema } from '../../shared/kiosk-config';
import type { FeedErrorBody } from '../../shared/feed/protocol';

export const DEFAULT_KIOSK_CONFIG_DIR = fileURLToPath(new URL('../../../kiosk-config/', import.meta.url));

function lockMessage(seconds: number): string {
  return `密码错误次数过多，维护面板已锁定，请 ${Math.ceil(seconds / 60)} 分钟后再试`;
}

export function createKioskConfigRoutes(deps: {
  configDir: string;
  feedPublicKey: string;
  /** The server's PUBLIC_URL, used when a kiosk's own config sets no publicUrl. */
  publicUrl?: string;
  onInvalid?: (kioskId: string, problem: string) => void;
  pinAttempts?: PinAttemptLimiter;
}): Hono {
  const app = new Hono();
  const attempts = deps.pinAttempts ?? new PinAttemptLimiter();

  /** Checks a staff PIN against the template's hash; wrong PINs lock the kiosk's panel for a while. */
  app.post('/:kioskId/staff-pin', async (c) => {
    const kioskId = c.req.param('kioskId');
    const headers = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' };
    if (!ID_PATTERN.test(kioskId))
      return c.json({ error: 'invalid-parameter', parameter: 'kioskId', message: 'invalid kiosk id' }, 400, headers);
    const body = (await c.req.json().catch(() => null)) as { pin?: unknown } | null;
    const pin = body?.pin;
    if (typeof pin !== 'string' || !/^\d{1,12}$/.test(pin))
      return c.json({ error: 'invalid-parameter', parameter: 'pin', message: 'PIN 必须是 1 到 12 位数字' }, 400, headers);
    const locked = attempts.lockedForSeconds(kioskId);
    if (locked > 0) {
      c.header('Retry-After', String(locked));
      return c.json({ ok: false, lockedForSeconds: locked, message: lockMessage(locked) }, 429, headers);
    }
    const text = await readFile(join(deps.configDir, `${kioskId}.json`), 'utf8').catch(() => null);
    const hash =
      text === null
        ? null
        : (() => {
            try {
              const parsed = JSON.parse(text) as { staffPinHash?: unknown };
              return typeof parsed.staffPinHash === 'string' ? parsed.staffPinHash : null;
            } catch {
              return null;
            }
          })();
    if (hash === null)
      return c.json({ error: 'unknown-kiosk', parameter: 'kioskId', message: `no configuration for kiosk ${kioskId}` }, 404, headers);
    if (verifyPinHash(pin, hash)) {
      attempts.succeeded(kioskId);
      return c.json({ ok: true }, 200, headers);
    }
    const lockedNow = attempts.failed(kioskId);
    if (lockedNow > 0) {
      c.header('Retry-After', String(lockedNow));
      return c.json({ ok: false, lockedForSeconds: lockedNow, message: lockMessage(lockedNow) }, 429, headers);
    }
    return c.json({ ok: false, attemptsLeft: attempts.attemptsLeft(kioskId), message: '密码不正确' }, 403, headers);
  });

  app.get('/:file', async (c) => {
    const file = c.req.param('file');
    const kioskId = file.endsWith('.json') ? file.slice(0, -5) : '';
    const noCache = { 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' };
    if (!ID_PATTERN.test(kioskId)) {
      const body: FeedErrorBody = {
        error: 'invalid-parameter',
        parameter: 'kioskId',
        message: `expected /kiosk-config/<kioskId>.json with a lower-case kiosk id (got ${JSON.stringify(file.slice(0, 100))})`,
      };
      return c.json(body, 400, noCache);
    }
    const text = await readFile(join(deps.configDir, `${kioskId}.json`), 'utf8').catch(() => null);
    if (text === null) {
      const body: FeedErrorBody = { error: 'unknown-kiosk', parameter: 'kioskId', message: `no configuration for kiosk ${kioskId}` };
      return c.json(body, 404, noCache);
    }
    let template: unknown;
    try {
      template = JSON.parse(text);
    } catch (error) {
      return invalid(`kiosk-config/${kioskId}.json is not valid JSON: ${(error as Error).message}`);
    }
    const filled: Record<string, unknown> = { ...(template as object), feedPublicKey: deps.feedPublicKey };
    // Checked like the rest (a broken hash is a broken template), then left out of the public answer.
    if (filled.publicUrl === undefined && deps.publicUrl) filled.publicUrl = deps.publicUrl;
    const result = v.safeParse(KioskConfigSchema, filled, { abortPipeEarly: false });
    if (!result.success) return invalid(`kiosk-config/${kioskId}.json: ${formatProblems(toProblems(result.issues))}`);
    if (result.output.kioskId !== kioskId)
      return invalid(
        `kiosk-config/${kioskId}.json: kioskId is ${JSON.stringify(result.output.kioskId)}, expected ${JSON.stringify(kioskId)}`,
      );
    const { staffPinHash: _pinHash, heartbeatToken: _token, ...publicConfig } = result.output;
    return c.json(publicConfig, 200, noCache);

    function invalid(problem: string) {
      deps.onInvalid?.(kioskId, problem);
      const body: FeedErrorBody = { error: 'invalid-kiosk-config', message: problem };
      return c.json(body, 500, noCache);
    }
  });
  return app;
}
