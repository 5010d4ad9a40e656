// `npm run feed:export -- --out DIR [--hall ID ...] [--data DIR] [--ttl SECONDS]`
// Writes the feed of the store in --data (default KIOSK_DATA_DIR or ./data), or of the PostgreSQL
// database in DATABASE_URL when it is set (the feed key still comes from --data), as plain files for a static
// host, CDN or object storage (docs/feed-protocol.md section 17). Run it again within half the head's
// lifetime (--ttl, default FEED_HEAD_TTL_SECONDS or 3600): kiosks treat an expired head as stale data.
// The server can do this itself after every publish: FEED_EXPORT_DIR=DIR npm start.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createFeedExporter, ExportError } from '../src/server/feed/export/export-feed';
import { KEY_FILE_NAME, loadOrCreateSigner } from '../src/server/feed/signing';
import { openStores } from '../src/server/store/open-stores';

function fail(message: string): never {
  console.error(`feed:export: ${message}`);
  process.exit(1);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      out: { type: 'string' },
      hall: { type: 'string', multiple: true },
      data: { type: 'string' },
      ttl: { type: 'string' },
    },
    strict: true,
  });
} catch (error) {
  fail(`${(error as Error).message}. Usage: npm run feed:export -- --out DIR [--hall ID ...] [--data DIR] [--ttl SECONDS]`);
}
const args = parsed.values;
if (!args.out) fail('--out DIR is required (the directory to write the static feed into)');
const ttlRaw = args.ttl ?? process.env.FEED_HEAD_TTL_SECONDS ?? '3600';
const headTtlSeconds = Number(ttlRaw);
if (!Number.isInteger(headTtlSeconds) || headTtlSeconds < 1)
  fail(`--ttl must be a whole number of seconds of at least 1 (got "${ttlRaw}")`);
const dataDir = resolve(args.data ?? process.env.KIOSK_DATA_DIR ?? './data');
const databaseUrl = process.env.DATABASE_URL || undefined;
if (!databaseUrl && !existsSync(join(dataDir, 'content.db')))
  fail(`no content.db in ${dataDir} (--data or KIOSK_DATA_DIR names the server's data directory; DATABASE_URL a PostgreSQL one)`);
if (!existsSync(join(dataDir, KEY_FILE_NAME))) fail(`no ${KEY_FILE_NAME} in ${dataDir}: the export is signed with the server's feed key`);

let stores;
try {
  stores = await openStores({ dataDir, databaseUrl, waitTimeoutMs: 15_000 });
} catch (error) {
  fail((error as Error).message);
}
const store = stores.content;
try {
  const signer = loadOrCreateSigner(dataDir, { logHasChanges: true });
  const exporter = createFeedExporter({ store, signer, outDir: resolve(args.out), headTtlSeconds });
  const started = performance.now();
  const result = await exporter.run(args.hall);
  for (const hall of result.halls)
    console.log(
      `${hall.hall}: head seq ${hall.seq}, snapshot seq ${hall.snapshotSeq} (${hall.snapshotBytes} bytes), ${hall.pages} pages` +
        (hall.unchanged ? ' — unchanged since the last export: files kept, head re-signed' : ''),
    );
  console.log(
    `Exported ${result.halls.length} halls to ${resolve(args.out)} in ${Math.round(performance.now() - started)} ms: ` +
      `${result.written} new files (${result.media} media), ${result.pruned} old files removed. Heads expire at ${result.expiresAt}.`,
  );
} catch (error) {
  if (error instanceof ExportError) fail(error.message);
  throw error;
} finally {
  await (stores.dialect === 'sqlite' ? store.close() : stores.close());
}
