/**
 * A publish and its console records are one transaction: killed (SIGKILL) at
 * any point, or refused by a full disk, every draft is afterwards either
 * published with its state, audit and publication, or not published and
 * still waiting for review, never half; and editing goes on either way.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sqliteInternalsOf } from '../../../src/server/store/sqlite-store';
import { useTempDirs } from '../support/temp-dir';
import { FEE_MZ_ID } from './support/fixtures';
import { startHarness } from './support/harness';
import { BATCH_FEES, draftsOf, openDataDir, seedDataDir, type OpenDataDir } from './support/publish-data-dir';

const tempDir = useTempDirs();

function crashChild(dataDir: string, what: 'batch' | 'single', id: string, killAt: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'publish-crash-child.ts'), dataDir, what, id, killAt], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

async function feeAmounts(opened: OpenDataDir, ids: string[]) {
  return Promise.all(
    ids.map(async (id) => ((await opened.content.getRecord('fee', id)) as { amount: { fen: number } } | null)?.amount.fen ?? null),
  );
}

async function auditActions(opened: OpenDataDir, draftIds: string[]) {
  const entries = await opened.console.consoleStore.listAudit({ limit: 1000 });
  return entries.filter((e) => e.draftId && draftIds.includes(e.draftId)).map((e) => e.action);
}

/** After the restart: all of the batch published with its records, or none of it and still approvable. */
async function expectWholeOrNothing(
  dataDir: string,
  batchId: string,
  expectPublished: boolean,
  before: { seq: number; fees: (number | null)[] },
) {
  const opened = await openDataDir(dataDir);
  try {
    const drafts = await draftsOf(opened, batchId);
    const ids = drafts.map((d) => d.id);
    expect(drafts).toHaveLength(BATCH_FEES.length);
    if (expectPublished) {
      expect(drafts.map((d) => d.state)).toEqual(drafts.map(() => 'published'));
      const head = (await opened.content.position()).seq;
      expect(new Set(drafts.map((d) => d.publishedSeq))).toEqual(new Set([head]));
      expect(await feeAmounts(opened, BATCH_FEES)).toEqual(BATCH_FEES.map((_, i) => 5000 + i));
      const [publication] = await opened.console.consoleStore.listPublications(1);
      expect(publication).toMatchObject({ toSeq: head, summary: `批量发布 ${BATCH_FEES.length} 条` });
      expect((await auditActions(opened, ids)).filter((a) => a === 'record.publish')).toHaveLength(BATCH_FEES.length);
      // Editing goes on: a new draft of a published record is allowed (no stale open draft).
      const next = await opened.console.workflow.createDraft(opened.editor, { type: 'fee', id: FEE_MZ_ID });
      expect(next.baseVersion).toBe(2);
    } else {
      expect(drafts.map((d) => d.state)).toEqual(drafts.map(() => 'submitted'));
      expect((await opened.content.position()).seq).toBe(before.seq);
      expect(await feeAmounts(opened, BATCH_FEES)).toEqual(before.fees);
      expect(await auditActions(opened, ids)).not.toContain('record.publish');
      // Nothing is stuck: the same batch can be approved again, and then it is all live.
      const again = await opened.console.workflow.approveBatch(opened.reviewer, batchId);
      expect(again.count).toBe(BATCH_FEES.length);
      expect(await feeAmounts(opened, BATCH_FEES)).toEqual(BATCH_FEES.map((_, i) => 5000 + i));
    }
  } finally {
    await opened.close();
  }
}

describe('publish durability: kill -9', () => {
  // Inside the transaction at every feed row, before and after the console rows, and after COMMIT.
  const points: [string, boolean][] = [
    ...BATCH_FEES.map((_, i): [string, boolean] => [`change:${i + 1}`, false]),
    ['published', false],
    ['console-written', false],
    ['committed', true],
  ];

  it.each(points)('batch approval killed at %s: all published or none', { timeout: 120_000 }, async (killAt, published) => {
    const dataDir = tempDir();
    const { batchId } = await seedDataDir(dataDir);
    const seeded = await openDataDir(dataDir);
    const before = { seq: (await seeded.content.position()).seq, fees: await feeAmounts(seeded, BATCH_FEES) };
    await seeded.close();

    const child = crashChild(dataDir, 'batch', batchId, killAt);
    expect(child.signal, child.stderr).toBe('SIGKILL');
    expect(child.stdout).not.toContain('publish finished');
    await expectWholeOrNothing(dataDir, batchId, published, before);
  });

  it.each([
    ['change:1', 'submitted'],
    ['console-written', 'submitted'],
    ['committed', 'published'],
  ] as const)('single approval killed at %s leaves the draft %s', { timeout: 120_000 }, async (killAt, state) => {
    const dataDir = tempDir();
    const { singleId } = await seedDataDir(dataDir);
    const child = crashChild(dataDir, 'single', singleId, killAt);
    expect(child.signal, child.stderr).toBe('SIGKILL');
    const opened = await openDataDir(dataDir);
    try {
      const draft = (await opened.console.consoleStore.getDraft(singleId))!;
      expect(draft.state).toBe(state);
      const live = await opened.content.getRecord('fee', 'fee-single');
      expect(live !== null).toBe(state === 'published');
      if (state === 'submitted') {
        const approved = await opened.console.workflow.approve(opened.reviewer, singleId, { revision: draft.revision });
        expect(approved.draft.state).toBe('published');
      }
    } finally {
      await opened.close();
    }
  });
});

describe('publish durability: data directories from before', () => {
  it('moves console.db into content.db and repairs drafts a crash left between the two', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    const { batchId, singleId } = await seedDataDir(dataDir);
    // Rebuild the old layout: the console tables in console.db, as the previous version kept them.
    const content = new Database(join(dataDir, 'content.db'));
    content.prepare('ATTACH DATABASE ? AS legacy').run(join(dataDir, 'console.db'));
    for (const table of ['users', 'sessions', 'drafts', 'audit', 'publications', 'expiries', 'kiosks'])
      content.exec(`CREATE TABLE legacy.${table} AS SELECT * FROM main.${table}`);
    content.exec('DETACH DATABASE legacy');
    content.exec('DROP TABLE console_migrations; DROP TRIGGER audit_no_delete; DELETE FROM audit;');
    for (const table of ['users', 'sessions', 'drafts', 'publications', 'expiries', 'kiosks']) content.exec(`DELETE FROM ${table}`);
    content.close();
    // What the old two-transaction publish left after a kill between content.db and console.db:
    // the batch's content live, its drafts still "approved"; and the single draft "approved", never published.
    const legacy = new Database(join(dataDir, 'console.db'));
    legacy
      .prepare("UPDATE drafts SET state = 'approved', reviewer_id = 'user-reviewer-mz' WHERE batch_id = ? OR id = ?")
      .run(batchId, singleId);
    const drafts = legacy.prepare('SELECT * FROM drafts WHERE batch_id = ?').all(batchId) as { record_id: string; data: string }[];
    legacy.close();
    const direct = (await import('../../../src/server/store/sqlite-store')).openSqliteStore({ dataDir });
    await direct.publish(
      drafts.map((d) => {
        const data = JSON.parse(d.data) as Record<string, unknown>;
        return { op: 'put' as const, record: { ...data, version: 0, updatedAt: '2026-11-23T10:00:00+08:00' } as never };
      }),
      { actor: 'reviewer-mz' },
    );
    await direct.close();

    const opened = await openDataDir(dataDir);
    try {
      const repaired = await opened.console.ready;
      expect(repaired.markedPublished).toHaveLength(BATCH_FEES.length);
      expect(repaired.returnedToReview).toEqual([singleId]);
      expect((await draftsOf(opened, batchId)).map((d) => d.state)).toEqual(BATCH_FEES.map(() => 'published'));
      expect((await opened.console.consoleStore.getDraft(singleId))!.state).toBe('submitted');
      expect(await opened.console.consoleStore.getUserByUsername('editor-mz')).not.toBeNull();
      // Editing is not blocked: the published records take new drafts.
      expect((await opened.console.workflow.createDraft(opened.editor, { type: 'fee', id: FEE_MZ_ID })).state).toBe('draft');
    } finally {
      await opened.close();
    }
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(dataDir, 'console.db'))).toBe(false);
    expect(existsSync(join(dataDir, 'console.db.migrated'))).toBe(true);
  });
});

describe('publish durability: full disk', () => {
  it(
    'refuses a batch approval on a full database with a message that says so, writes nothing, and works once there is room',
    { timeout: 60_000 },
    async () => {
      const h = await startHarness();
      try {
        const editor = await h.login('editor-mz');
        const reviewer = await h.login('reviewer-mz');
        const ids: string[] = [];
        let batchId = '';
        for (let i = 0; i < 40; i++) {
          const draft = await h.console.workflow.createDraft(
            (await h.console.consoleStore.getUserByUsername('editor-mz'))!,
            {
              type: 'fee',
              id: `fee-full-${i}`,
              data: { ...(await import('./support/fixtures')).feeRecord(`fee-full-${i}`, 'dept-mz'), notes: '说明'.repeat(200) },
            },
            'batch-full',
          );
          ids.push(draft.id);
          batchId = 'batch-full';
        }
        expect((await editor.json('POST', `/api/console/batches/${batchId}/submit`)).status).toBe(200);
        const before = await h.content.position();

        // Simulate a full disk: the database may not grow by a single page.
        const db = sqliteInternalsOf(h.content)!.db;
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
        const refused = await reviewer.json('POST', `/api/console/batches/${batchId}/approve`, {});
        expect(refused.status).toBe(507);
        expect(refused.body.error).toBe('disk-full');
        expect(refused.body.message).toContain('磁盘已满');
        expect(await h.content.position()).toEqual(before);
        const states = await Promise.all(ids.map(async (id) => (await h.console.consoleStore.getDraft(id))!.state));
        expect(new Set(states)).toEqual(new Set(['submitted']));

        db.pragma('max_page_count = 1073741823');
        const approved = await reviewer.json('POST', `/api/console/batches/${batchId}/approve`, {});
        expect(approved.status).toBe(200);
        expect(approved.body.approved).toBe(40);
        expect((await h.content.listRecords('fee')).filter((f) => f.id.startsWith('fee-full-'))).toHaveLength(40);
      } finally {
        await h.close();
      }
    },
  );
});

describe('batches larger than a page', () => {
  it('submits, approves and publishes a batch of 2,500 drafts whole', { timeout: 120_000 }, async () => {
    const h = await startHarness();
    try {
      const editor = await h.login('editor-mz');
      const reviewer = await h.login('reviewer-mz');
      const author = (await h.console.consoleStore.getUserByUsername('editor-mz'))!;
      const { feeRecord } = await import('./support/fixtures');
      const at = new Date(h.clock.ms).toISOString();
      const count = 2_500;
      await h.console.consoleStore.insertDrafts(
        Array.from({ length: count }, (_, i) => {
          const { version: _v, updatedAt: _u, ...data } = feeRecord(`fee-bulk-${i}`, 'dept-mz', 100 + i);
          return {
            id: `draft-bulk-${i}`,
            recordType: 'fee' as const,
            recordId: `fee-bulk-${i}`,
            op: 'put' as const,
            data,
            baseVersion: null,
            state: 'draft' as const,
            revision: 1,
            authorId: author.id,
            reviewerId: null,
            rejectReason: null,
            publishAt: null,
            batchId: 'batch-bulk',
            batchRow: null,
            departmentId: 'dept-mz',
            hallId: null,
            createdAt: at,
            updatedAt: at,
            publishedSeq: null,
          };
        }),
      );
      expect((await editor.json('POST', '/api/console/batches/batch-bulk/submit')).body.submitted).toBe(count);
      const approved = await reviewer.json('POST', '/api/console/batches/batch-bulk/approve', {});
      expect(approved.status).toBe(200);
      expect(approved.body.approved).toBe(count);
      expect(approved.body.published.toSeq - approved.body.published.fromSeq + 1).toBe(count);
      expect((await h.content.listRecords('fee')).filter((f) => f.id.startsWith('fee-bulk-'))).toHaveLength(count);
      const left = await h.console.consoleStore.listDrafts({ batchId: 'batch-bulk', state: ['draft', 'submitted', 'approved'] });
      expect(left).toHaveLength(0);
      // The reading list is capped and says so.
      const list = await editor.json('GET', '/api/console/drafts?state=published');
      expect(list.body.truncated).toBe(true);
      expect(list.body.drafts).toHaveLength(2000);
    } finally {
      await h.close();
    }
  });
});
