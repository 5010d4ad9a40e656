/**
 * `npm run bench:publish`: publish throughput of the content store, SQLite vs
 * PostgreSQL (DATABASE_URL; skipped without it). Each dialect publishes
 * PUBLISHES single-record batches one after another, then the same with 4
 * concurrent publishers (on PostgreSQL they queue on the publish lock).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStores } from '../src/server/store/open-stores';
import type { FeeItem } from '../src/shared/content';

const PUBLISHES = Number(process.env.PUBLISHES ?? 500);
const fee = (id: string, fen: number): FeeItem => ({
  id,
  version: 1,
  updatedAt: '2026-12-01T10:00:00+08:00',
  scope: 'global',
  type: 'fee',
  name: `测试收费 ${id}`,
  code: '',
  departmentId: 'dept-mz',
  amount: { kind: 'fixed', fen },
  unit: '元/件',
  basis: [{ title: '关于测试收费标准的通知', number: '测价〔2026〕1号' }],
  effectiveFrom: '2026-01-01T00:00:00+08:00',
  effectiveTo: null,
  reductions: [],
  notes: '',
});

async function bench(label: string, databaseUrl: string | undefined) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-publish-'));
  const schema = databaseUrl ? `bench_${process.pid}` : undefined;
  const stores = await openStores({ dataDir, databaseUrl, schema });
  try {
    await stores.content.publish([{ op: 'put', record: fee('warm', 1) }]);
    let started = performance.now();
    for (let i = 0; i < PUBLISHES; i++) await stores.content.publish([{ op: 'put', record: fee(`s-${i}`, i) }]);
    const serial = PUBLISHES / ((performance.now() - started) / 1000);
    started = performance.now();
    await Promise.all(
      [0, 1, 2, 3].map(async (w) => {
        for (let i = 0; i < PUBLISHES / 4; i++) await stores.content.publish([{ op: 'put', record: fee(`c-${w}-${i}`, i) }]);
      }),
    );
    const concurrent = PUBLISHES / ((performance.now() - started) / 1000);
    console.log(`${label}: ${serial.toFixed(0)} publishes/s one at a time, ${concurrent.toFixed(0)} publishes/s from 4 concurrent callers`);
  } finally {
    await stores.content.close();
    await stores.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl && schema) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    }
  }
}

await bench('SQLite (synchronous=FULL)', undefined);
if (process.env.DATABASE_URL) await bench('PostgreSQL', process.env.DATABASE_URL);
else console.log('PostgreSQL: skipped (set DATABASE_URL=postgres://…)');
