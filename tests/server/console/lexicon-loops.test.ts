/**
 * A lexicon entry closing a loop with the published lexicon is refused when its draft is submitted,
 * with the content model's message naming the entry and the rule — not only later, at publish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentRecord } from '../../../src/shared/content';
import { lexiconLoopProblemsOf } from '../../../src/server/console/workflow/lexicon-loops';
import { startHarness, type Harness } from './support/harness';

let h: Harness;

const entry = (id: string, term: string, means: string[]) => ({
  id,
  type: 'lexicon',
  scope: 'global',
  term,
  means,
  departmentId: null,
  guideId: null,
  note: '',
});

beforeAll(async () => {
  h = await startHarness();
  const published = [entry('lx-hukou', '户口', ['户籍']), entry('lx-laoren', '老人', ['老年'])].map(
    (e) => ({ ...e, version: 1, updatedAt: '2026-11-01T09:00:00+08:00' }) as ContentRecord,
  );
  await h.content.publish(
    published.map((record) => ({ op: 'put' as const, record })),
    { actor: 'test', now: new Date(h.clock.ms) },
  );
});
afterAll(async () => {
  await h.close();
});

describe('a lexicon loop, at submit', () => {
  it('refuses to submit an entry that maps back to a published one, naming the entry and the loop', async () => {
    const admin = await h.login('admin');
    const created = await admin.json('POST', '/api/console/drafts', { type: 'lexicon', data: entry('lx-huji', '户籍', ['户口']) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const submitted = await admin.json('POST', `/api/console/drafts/${created.body.draft.id}/submit`, { revision: 1 });
    expect(submitted.status).toBe(422);
    expect(submitted.body.problems).toEqual([
      { field: 'means', message: expect.stringMatching(/^词条“户[口籍]”形成循环：(户口 → 户籍 → 户口|户籍 → 户口 → 户籍)/) },
    ]);
    // Nothing reached the kiosks.
    expect(await h.content.getRecord('lexicon', 'lx-huji')).toBeNull();

    // Mended (pointing onward, not back), the same draft goes through.
    const saved = await admin.json('PUT', `/api/console/drafts/${created.body.draft.id}`, {
      revision: 1,
      data: entry('lx-huji', '户籍', ['户籍登记']),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const again = await admin.json('POST', `/api/console/drafts/${created.body.draft.id}/submit`, { revision: saved.body.draft.revision });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
  });

  it('finds a loop closed by several drafts together (a batch), reporting it on each of them, and none once one is deleted', async () => {
    const drafts = [
      { op: 'put' as const, recordType: 'lexicon' as const, recordId: 'lx-laonian', data: entry('lx-laonian', '老年', ['高龄']) },
      { op: 'put' as const, recordType: 'lexicon' as const, recordId: 'lx-gaoling', data: entry('lx-gaoling', '高龄', ['老人']) },
    ];
    const problems = await lexiconLoopProblemsOf(h.content, drafts);
    expect([...problems.keys()].sort()).toEqual(['lx-gaoling', 'lx-laonian']);
    for (const list of problems.values())
      expect(list[0]!.message).toMatch(/形成循环：.*老人.*老年.*高龄|形成循环：.*高龄.*老人.*老年|形成循环：.*老年.*高龄.*老人/);
    // Deleting the published 老人 → 老年 in the same batch opens the loop.
    const opened = await lexiconLoopProblemsOf(h.content, [
      ...drafts,
      { op: 'delete', recordType: 'lexicon', recordId: 'lx-laoren', data: {} },
    ]);
    expect(opened.size).toBe(0);
    // Other record types are not looked at.
    expect((await lexiconLoopProblemsOf(h.content, [{ op: 'put', recordType: 'fee', recordId: 'x', data: {} }])).size).toBe(0);
  });
});
