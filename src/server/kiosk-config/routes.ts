/**
 * GET /kiosk-config/:kioskId.json: the provisioning templates in
 * kiosk-config/ with this server's feed public key filled in. Read on each
 * request (kiosks fetch it once, on first launch), so an edited template
 * needs no restart; validated before it is served, never half-right.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import * as v from 'valibot';
import { ID_PATTERN, formatProblems, toProblems } from '../../shared/content';
import { KioskConfigSchema } from '../../shared/kiosk-config';
import type { FeedErrorBody } from '../../shared/feed/protocol';

export const DEFAULT_KIOSK_CONFIG_DIR = fileURLToPath(new URL('../../../kiosk-config/', import.meta.url));

export function createKioskConfigRoutes(deps: {
  configDir: string;
  feedPublicKey: string;
  /** The server's PUBLIC_URL, used when a kiosk's own config sets no publicUrl. */
  publicUrl?: string;
  onInvalid?: (kioskId: string, problem: string) => void;
}): Hono {
  const app = new Hono();
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
    if (filled.publicUrl === undefined && deps.publicUrl) filled.publicUrl = deps.publicUrl;
    const result = v.safeParse(KioskConfigSchema, filled, { abortPipeEarly: false });
    if (!result.success) return invalid(`kiosk-config/${kioskId}.json: ${formatProblems(toProblems(result.issues))}`);
    if (result.output.kioskId !== kioskId)
      return invalid(
        `kiosk-config/${kioskId}.json: kioskId is ${JSON.stringify(result.output.kioskId)}, expected ${JSON.stringify(kioskId)}`,
      );
    return c.json(result.output, 200, noCache);

    function invalid(problem: string) {
      deps.onInvalid?.(kioskId, problem);
      const body: FeedErrorBody = { error: 'invalid-kiosk-config', message: problem };
      return c.json(body, 500, noCache);
    }
  });
  return app;
}
