// `npm run demo:scale -- --guides 5000 --fees 20000 --officials 500 [--out bench-data/scaled.json] [--data-dir DIR] [--batch 2000]`
// Builds the scaled benchmark dataset, writes it as JSON (media as base64) and,
// with --data-dir, publishes it into that data directory's store: media first,
// then the records in publishes of --batch changes each (each publish is one transaction).
// Prints one JSON line per step: counts, bytes and milliseconds.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildScaledDataset } from '../src/server/demo/scale';
import { openSqliteStore } from '../src/server/store/sqlite-store';

const USAGE =
  'usage: npm run demo:scale -- [--guides N] [--fees N] [--officials N] [--out FILE] [--data-dir DIR] [--batch N] [--now ISO-TIME]';

function fail(message: string): never {
  console.error(`demo:scale: ${message}\n${USAGE}`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      options: {
        guides: { type: 'string', default: '5000' },
        fees: { type: 'string', default: '20000' },
        officials: { type: 'string', default: '500' },
        out: { type: 'string', default: 'bench-data/scaled.json' },
        'data-dir': { type: 'string' },
        batch: { type: 'string', default: '2000' },
        now: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return fail((error as Error).message);
  }
}

/** A count option: digits only, so "5e3", "-1", "12.5" and "" are refused with the option named. */
function wholeNumber(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw.trim())) fail(`--${name} must be a whole number (got ${JSON.stringify(raw)})`);
  const n = Number(raw);
  if (n < min || n > max) fail(`--${name} must be between ${min} and ${max} (got ${n})`);
  return n;
}

function line(step: string, fields: Record<string, unknown>) {
  console.log(JSON.stringify({ script: 'demo:scale', step, ...fields }));
}

const args = parse();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const counts = {
  guides: wholeNumber('guides', args.guides, 0, 200_000),
  fees: wholeNumber('fees', args.fees, 0, 1_000_000),
  officials: wholeNumber('officials', args.officials, 0, 100_000),
};
const batch = wholeNumber('batch', args.batch, 1, 100_000);
const now = args.now ? new Date(args.now) : new Date();
if (Number.isNaN(now.getTime())) fail(`--now must be an ISO 8601 time, e.g. 2026-11-23T10:00:00+08:00 (got ${JSON.stringify(args.now)})`);

let started = performance.now();
const dataset = buildScaledDataset(counts, now);
const byType: Record<string, number> = {};
for (const r of dataset.records) byType[r.type] = (byType[r.type] ?? 0) + 1;
line('build', { ms: Math.round(performance.now() - started), records: dataset.records.length, media: dataset.media.length, byType });

started = performance.now();
const out = resolve(args.out);
const json = JSON.stringify({
  generatedAt: now.toISOString(),
  options: counts,
  records: dataset.records,
  media: dataset.media.map((m) => ({
    type: m.type,
    sha256: createHash('sha256').update(m.bytes).digest('hex'),
    size: m.bytes.byteLength,
    base64: Buffer.from(m.bytes).toString('base64'),
  })),
});
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, json);
line('write', { ms: Math.round(performance.now() - started), file: out, bytes: Buffer.byteLength(json) });

if (args['data-dir']) {
  const dataDir = resolve(args['data-dir']);
  const store = openSqliteStore({ dataDir });
  try {
    started = performance.now();
    for (const m of dataset.media) await store.putMedia(m.bytes, m.type);
    line('publish media', { ms: Math.round(performance.now() - started), dataDir, media: dataset.media.length });
    started = performance.now();
    let publishes = 0;
    let toSeq = 0;
    for (let i = 0; i < dataset.records.length; i += batch) {
      const changes = dataset.records.slice(i, i + batch).map((record) => ({ op: 'put' as const, record }));
      const result = await store.publish(changes, { actor: 'demo-scale', now });
      publishes += 1;
      toSeq = result.toSeq;
    }
    line('publish records', {
      ms: Math.round(performance.now() - started),
      dataDir,
      records: dataset.records.length,
      publishes,
      batch,
      seq: toSeq,
    });
  } finally {
    await store.close();
  }
}
