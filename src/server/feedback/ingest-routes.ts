/** POST /api/kiosk/feedback: a kiosk's outbox batch, with the kiosk's own bearer token. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Kiosk } from '../console/types';
import { readJson } from '../console/http/helpers';
import type { KioskRateLimit } from './kiosk-rate-limit';
import type { createIngest } from './ingest';

export const MAX_BATCH_BYTES = 512 * 1024;

export function feedbackIngestRoutes(deps: {
  authenticate: (token: string) => Promise<Kiosk | null>;
  ingest: ReturnType<typeof createIngest>;
  limit: KioskRateLimit;
}) {
  const app = new Hono();
  app.post(
    '/feedback',
    bodyLimit({
      maxSize: MAX_BATCH_BYTES,
      onError: (c) =>
        c.json({ error: 'too-large', message: `批次过大：不能超过 ${MAX_BATCH_BYTES / 1024} KB，请分批发送`, field: 'items' }, 413),
    }),
    async (c) => {
      c.header('Cache-Control', 'no-store');
      const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(c.req.header('authorization') ?? '');
      const kiosk = match ? await deps.authenticate(match[1]!) : null;
      if (!kiosk) {
        c.header('WWW-Authenticate', 'Bearer realm="kiosk-feedback"');
        return c.json({ error: 'unauthenticated', message: '终端令牌无效或已注销（Authorization）', field: 'authorization' }, 401);
      }
      const wait = deps.limit.take(kiosk.id);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        return c.json({ error: 'rate-limited', message: `提交过于频繁，请 ${wait} 秒后重试` }, 429);
      }
      const receipt = await deps.ingest(kiosk, await readJson(c));
      return c.json(receipt, 200);
    },
  );
  return app;
}
