/**
 * The draft preview's endpoint and framing: the draft's record comes only
 * with a console session and the right to see the draft; a draft the feed
 * would refuse is named, not shown; only a kiosk page opened as a preview may
 * be framed, and only by this origin.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FeeItem } from '../../../src/shared/content';
import { startTestServer, type TestServer } from '../support/server';
import { smallDataset } from '../support/fixtures';
import { FEE_MZ_ID } from './support/fixtures';
import { FEED_KEY, startHarness, type Harness } from './support/harness';

let h: Harness | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await h?.close();
  await server?.close();
  h = server = undefined;
});

async function feeDraft(harness: Harness, username: string, amountFen: number) {
  const editor = await harness.login(username);
  const created = await editor.json('POST', '/api/console/drafts', { type: 'fee', id: FEE_MZ_ID });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const draft = created.body.draft;
  const saved = await editor.json('PUT', `/api/console/drafts/${draft.id}`, {
    revision: draft.revision,
    data: { ...draft.data, amount: { kind: 'fixed', fen: amountFen } },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  return { editor, draftId: draft.id as string };
}

describe('draft preview endpoint', () => {
  it('gives the draft as the record it would publish, with the hall and feed key the kiosk needs', async () => {
    h = await startHarness();
    const { editor, draftId } = await feeDraft(h, 'editor-mz', 4321);
    const res = await editor.json('GET', `/api/console/preview/drafts/${draftId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      draftId,
      recordType: 'fee',
      recordId: FEE_MZ_ID,
      op: 'put',
      hallId: 'hall-county',
      feedPublicKey: FEED_KEY,
    });
    const fee = res.body.record as FeeItem;
    expect(fee.amount).toEqual({ kind: 'fixed', fen: 4321 });
    // Validated like the feed: envelope filled, the next version.
    expect(fee.version).toBe(2);
    // The published record is untouched.
    expect(((await h.content.getRecord('fee', FEE_MZ_ID)) as FeeItem).amount).not.toEqual({ kind: 'fixed', fen: 4321 });
  });

  it('is refused without a session, to users of another department, and for a draft that does not exist', async () => {
    h = await startHarness();
    const { draftId } = await feeDraft(h, 'editor-mz', 4321);
    const anonymous = await fetch(`${h.url}/api/console/preview/drafts/${draftId}`);
    expect(anonymous.status).toBe(401);
    const body = await anonymous.text();
    expect(body).not.toContain('4321');
    for (const username of ['editor-cz', 'reviewer-cz']) {
      const other = await (await h.login(username)).json('GET', `/api/console/preview/drafts/${draftId}`);
      expect(other.status, username).toBe(403);
      expect(JSON.stringify(other.body)).not.toContain('4321');
    }
    for (const username of ['admin', 'reviewer-mz', 'editor-mz2']) {
      const allowed = await (await h.login(username)).json('GET', `/api/console/preview/drafts/${draftId}`);
      expect(allowed.status, username).toBe(200);
    }
    const missing = await (await h.login('admin')).json('GET', '/api/console/preview/drafts/draft-none');
    expect(missing.status).toBe(404);
  });

  it('names the problems of a draft the feed would refuse instead of showing it', async () => {
    h = await startHarness();
    const editor = await h.login('editor-mz');
    const created = await editor.json('POST', '/api/console/drafts', { type: 'fee', id: FEE_MZ_ID });
    const draft = created.body.draft;
    await editor.json('PUT', `/api/console/drafts/${draft.id}`, { revision: draft.revision, data: { ...draft.data, name: '' } });
    const res = await editor.json('GET', `/api/console/preview/drafts/${draft.id}`);
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/草稿还有 \d+ 处问题，修正后才能预览/);
    expect(res.body.problems.some((p: { field: string }) => p.field === 'name')).toBe(true);
  });

  it('previews a withdrawal as the record gone', async () => {
    h = await startHarness();
    const editor = await h.login('editor-mz');
    const created = await editor.json('POST', '/api/console/drafts', { type: 'fee', id: FEE_MZ_ID, op: 'delete' });
    const res = await editor.json('GET', `/api/console/preview/drafts/${created.body.draft.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ op: 'delete', record: null, recordId: FEE_MZ_ID });
  });
});

describe('framing', () => {
  it('lets only this origin frame a kiosk page opened as a preview; the kiosk and the console stay unframeable', async () => {
    server = await startTestServer({ records: smallDataset() });
    const frameAncestors = (res: Response) => /frame-ancestors ([^;]+)/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
    for (const path of ['/?preview=draft-abc', '/guides/guide-dibao?preview=draft-abc&elder=1&lang=en']) {
      const res = await server.get(path);
      expect(frameAncestors(res), path).toBe("'self'");
      expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
    }
    for (const path of ['/', '/guides/guide-dibao', '/?preview=', '/?preview=bad%20id%3Cscript%3E']) {
      expect(frameAncestors(await server.get(path)), path).toBe("'none'");
    }
    const consolePage = await server.get('/console/drafts/d1/preview?preview=draft-abc');
    expect(frameAncestors(consolePage)).toBe("'none'");
    expect(consolePage.headers.get('x-frame-options')).toBe('DENY');
    // The console may frame this origin (the preview) and nothing else.
    expect(consolePage.headers.get('content-security-policy')).toContain("frame-src 'self'");
  });
});
