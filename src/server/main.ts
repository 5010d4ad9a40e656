// `npm start` / `npm run dev`: the central server on PORT (default 8080) with
// its embedded store in KIOSK_DATA_DIR (default ./data), demo data on first run.
// DATABASE_URL=postgres://…: keep the data in PostgreSQL instead (the feed key stays in KIOSK_DATA_DIR).
// TRUSTED_PROXIES: comma-separated addresses or CIDR ranges of your reverse proxies
// (X-Forwarded-For is believed only from them), e.g. TRUSTED_PROXIES=127.0.0.1,10.0.0.0/8.
import pino from 'pino';
import { parsePublicUrl } from '../shared/public-url';
import { startServer } from './app';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const port = Number(process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  logger.fatal({ PORT: process.env.PORT }, 'PORT must be a whole number from 0 to 65535');
  process.exit(1);
}

/** A positive whole number from the environment, or the default; anything else stops the start with a message naming the variable. */
function positiveIntegerEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    logger.fatal({ [name]: raw }, `${name} must be a whole number of at least 1`);
    process.exit(1);
  }
  return value;
}

const retentionDays = positiveIntegerEnv('FEED_RETENTION_DAYS', 90);
const headTtlSeconds = positiveIntegerEnv('FEED_HEAD_TTL_SECONDS', 3600);

let publicUrl: string | undefined;
if (process.env.PUBLIC_URL) {
  const parsed = parsePublicUrl(process.env.PUBLIC_URL);
  if (!parsed.ok) {
    logger.fatal({ PUBLIC_URL: process.env.PUBLIC_URL }, `PUBLIC_URL: ${parsed.message}`);
    process.exit(1);
  }
  publicUrl = parsed.url;
} else {
  logger.warn('PUBLIC_URL is not set: kiosks without their own publicUrl show no QR code (set it to the address phones reach)');
}

try {
  const server = await startServer({
    dataDir: process.env.KIOSK_DATA_DIR ?? './data',
    port,
    seedDemo: true,
    logger,
    publicUrl,
    trustedProxies: (process.env.TRUSTED_PROXIES ?? '').split(',').filter((s) => s.trim()),
    retentionDays,
    headTtlSeconds,
    // A static export of the feed for a CDN or object storage, kept current after every publish.
    feedExportDir: process.env.FEED_EXPORT_DIR || undefined,
    // postgres://user:password@host:5432/db: every server process on that database shares sessions, drafts and the feed.
    databaseUrl: process.env.DATABASE_URL || undefined,
  });
  logger.info(`Kiosk: http://localhost:${server.port}/   Feed key: ${server.publicKey}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      void server.close().then(() => process.exit(0));
    });
  }
} catch (error) {
  logger.fatal({ err: error }, 'the server could not start');
  process.exit(1);
}
