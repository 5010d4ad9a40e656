/**
 * Four server processes publishing at once on one PostgreSQL: the log must
 * hold every seq exactly once with no gaps, every change once, and each
 * process must have been given exactly the seqs its changes sit at.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStores } from '../../../src/server/store/open-stores';
import { POSTGRES_URL, freshSchema } from './dialects';

const WORKERS = 4;
const BATCHES = 40;

interface Child {
  ready: Promise<void>;
  /** Tells the worker to start publishing (a line on its stdin). */
  go: () => void;
  done: Promise<{ fromSeq: number; toSeq: number; ids: string[] }[]>;
}

function runChild(schema: string, worker: number): Child {
  let markReady!: () => void;
  let go!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  const done = new Promise<{ fromSeq: number; toSeq: number; ids: string[] }[]>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'publisher-child.ts'), POSTGRES_URL, schema, String(worker), String(BATCHES)],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    go = () => child.stdin.end('go\n');
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.startsWith('READY\n')) markReady();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      markReady();
      if (code === 0) resolve(JSON.parse(out.slice('READY\n'.length)));
      else reject(new Error(`worker ${worker} exited ${code}: ${err}`));
    });
  });
  return { ready, go: () => go(), done };
}

describe.skipIf(!POSTGRES_URL)('concurrent publishers on PostgreSQL', () => {
  it('four processes publishing at once get every seq exactly once, gap-free, each change once', { timeout: 180_000 }, async () => {
    const schema = freshSchema();
    // The workers create and migrate the schema themselves, all at once, under the migration lock.
    const children = Array.from({ length: WORKERS }, (_, w) => runChild(schema, w));
    // Start together once every worker is connected and migrated: each waits for a line on its stdin.
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    const results = await Promise.all(children.map((c) => c.done));

    const shared = await openStores({ dataDir: '/nonexistent-unused', databaseUrl: POSTGRES_URL, schema });
    try {
      const { changes, hasMore } = await shared.content.changesSince(0, 100_000, null);
      expect(hasMore).toBe(false);
      const expectedTotal = results.flat().reduce((n, r) => n + r.ids.length, 0);
      expect(changes.map((c) => c.seq)).toEqual(Array.from({ length: expectedTotal }, (_, i) => i + 1));
      expect((await shared.content.position()).seq).toBe(expectedTotal);
      // Each process's ranges hold exactly its own changes, in the order it sent them.
      for (const range of results.flat()) {
        expect(range.toSeq - range.fromSeq + 1).toBe(range.ids.length);
        expect(changes.slice(range.fromSeq - 1, range.toSeq).map((c) => c.id)).toEqual(range.ids);
      }
      const perWorkerIds = changes.filter((c) => c.id !== 'fee-shared').map((c) => c.id);
      expect(new Set(perWorkerIds).size).toBe(perWorkerIds.length);
      // The shared record's version counts every publish that touched it: no lost update.
      const sharedPuts = changes.filter((c) => c.id === 'fee-shared').length;
      expect(sharedPuts).toBe(WORKERS * Math.ceil(BATCHES / 4));
      expect((await shared.content.getRecord('fee', 'fee-shared'))?.version).toBe(sharedPuts);
    } finally {
      await shared.close();
    }
  });
});
