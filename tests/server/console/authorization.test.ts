/**
 * Every console endpoint, every kind of account: allowed or refused, decided
 * on the server by role and by the record's department or hall. A refused
 * call must leave drafts and the feed exactly as they were.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEE_CZ_ID, FEE_MZ_ID } from './support/fixtures';
import { startHarness, USERS, type Agent, type Harness } from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

type Setup = (h: Harness) => Promise<Record<string, string | number>>;

async function draftBy(username: string, type: string, id: string, submit = false) {
  const agent = await h.login(username);
  const created = await agent.json('POST', '/api/console/drafts', { type, id });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  let revision = created.body.draft.revision;
  if (submit)
    revision = (await agent.json('POST', `/api/console/drafts/${created.body.draft.id}/submit`, { revision })).body.draft.revision;
  return { draftId: created.body.draft.id as string, revision: revision as number };
}

function csvFor(departmentId: string) {
  return async () => {
    const admin = await h.login('admin');
    const res = await admin.request('GET', `/api/console/export/fee?format=csv&departmentId=${departmentId}`);
    const text = (await res.text()).replace('测试收费 fee-', '改名收费 fee-');
    return { csv: text };
  };
}

interface Case {
  name: string;
  method: string;
  path: string;
  body?: (ctx: Record<string, string | number>) => unknown;
  setup?: Setup;
  allowed: string[];
  /** Status for an allowed call (default 2xx) and for a refused one (default 403). */
  refusedStatus?: number;
}

const ALL = USERS.map((u) => u.username);
const MZ = ['admin', 'editor-mz', 'editor-mz2', 'reviewer-mz', 'roster-county'];
const CZ = ['admin', 'editor-cz', 'reviewer-cz'];

const feeDraftData = (dept: string) => ({
  id: `fee-new-${dept}`,
  scope: 'global',
  name: '新收费',
  code: '',
  departmentId: dept,
  amount: { kind: 'fixed', fen: 100 },
  unit: '元/件',
  basis: [{ title: '文件', number: '1号' }],
  effectiveFrom: '2027-01-01T00:00:00+08:00',
  effectiveTo: null,
  reductions: [],
  notes: '',
});

const CASES: Case[] = [
  { name: 'list published fees', method: 'GET', path: '/api/console/records/fee', allowed: ALL },
  { name: 'read one published fee', method: 'GET', path: `/api/console/records/fee/${FEE_CZ_ID}`, allowed: ALL },
  { name: 'list drafts', method: 'GET', path: '/api/console/drafts', allowed: ALL },
  {
    name: 'start editing a 民政 fee',
    method: 'POST',
    path: '/api/console/drafts',
    body: () => ({ type: 'fee', id: FEE_MZ_ID }),
    allowed: MZ,
  },
  {
    name: 'start editing a 财政 fee',
    method: 'POST',
    path: '/api/console/drafts',
    body: () => ({ type: 'fee', id: FEE_CZ_ID }),
    allowed: CZ,
  },
  {
    name: 'create a new 财政 fee',
    method: 'POST',
    path: '/api/console/drafts',
    body: () => ({ type: 'fee', data: feeDraftData('dept-cz') }),
    allowed: CZ,
  },
  {
    name: 'edit a hall',
    method: 'POST',
    path: '/api/console/drafts',
    body: () => ({ type: 'hall', id: 'hall-county' }),
    allowed: ['admin'],
  },
  {
    name: 'edit a department',
    method: 'POST',
    path: '/api/console/drafts',
    body: () => ({ type: 'department', id: 'dept-mz' }),
    allowed: ['admin'],
  },
  {
    // Roster rights go by the department of the official on duty (official-1 is 民政's).
    name: 'edit a duty shift of a 民政 official in the county hall',
    method: 'POST',
    path: '/api/console/drafts',
    body: () => ({ type: 'dutyShift', id: 'shift-1' }),
    allowed: MZ,
  },
  {
    name: 'request withdrawal of a 财政 fee',
    method: 'POST',
    path: '/api/console/drafts',
    body: () => ({ type: 'fee', id: FEE_CZ_ID, op: 'delete' }),
    allowed: CZ,
  },
  {
    name: 'read a 民政 draft',
    method: 'GET',
    path: '/api/console/drafts/:draftId',
    setup: () => draftBy('admin', 'fee', FEE_MZ_ID),
    allowed: MZ,
  },
  {
    name: 'save a 民政 draft',
    method: 'PUT',
    path: '/api/console/drafts/:draftId',
    setup: () => draftBy('admin', 'fee', FEE_MZ_ID),
    body: (ctx) => ({ revision: ctx.revision, data: { ...feeDraftData('dept-mz'), id: FEE_MZ_ID } }),
    allowed: MZ,
  },
  {
    name: 'move a 民政 fee to 财政 (needs both)',
    method: 'PUT',
    path: '/api/console/drafts/:draftId',
    setup: () => draftBy('admin', 'fee', FEE_MZ_ID),
    body: (ctx) => ({ revision: ctx.revision, data: { ...feeDraftData('dept-cz'), id: FEE_MZ_ID } }),
    allowed: ['admin'],
  },
  {
    name: 'submit a 民政 draft',
    method: 'POST',
    path: '/api/console/drafts/:draftId/submit',
    setup: () => draftBy('admin', 'fee', FEE_MZ_ID),
    body: (ctx) => ({ revision: ctx.revision }),
    allowed: MZ,
  },
  {
    name: 'discard a 财政 draft',
    method: 'POST',
    path: '/api/console/drafts/:draftId/discard',
    setup: () => draftBy('admin', 'fee', FEE_CZ_ID),
    body: (ctx) => ({ revision: ctx.revision }),
    allowed: CZ,
  },
  {
    name: 'approve a 民政 draft written by editor-mz2',
    method: 'POST',
    path: '/api/console/drafts/:draftId/approve',
    setup: () => draftBy('editor-mz2', 'fee', FEE_MZ_ID, true),
    body: (ctx) => ({ revision: ctx.revision }),
    allowed: ['admin', 'reviewer-mz'],
  },
  {
    name: 'reject a 财政 draft written by editor-cz',
    method: 'POST',
    path: '/api/console/drafts/:draftId/reject',
    setup: () => draftBy('editor-cz', 'fee', FEE_CZ_ID, true),
    body: (ctx) => ({ revision: ctx.revision, reason: '不对' }),
    allowed: ['admin', 'reviewer-cz'],
  },
  {
    name: 'withdraw a 财政 fee now',
    method: 'POST',
    path: `/api/console/records/fee/${FEE_CZ_ID}/withdraw`,
    body: () => ({ expectedVersion: 1, reason: '取消' }),
    allowed: ['admin', 'reviewer-cz'],
  },
  { name: 'list accounts', method: 'GET', path: '/api/console/users', allowed: ['admin'] },
  {
    name: 'create an account',
    method: 'POST',
    path: '/api/console/users',
    body: () => ({ username: 'newbie', password: 'a long good passphrase', role: 'editor', departments: ['dept-mz'] }),
    allowed: ['admin'],
  },
  { name: 'read the audit log', method: 'GET', path: '/api/console/audit', allowed: ALL },
  { name: 'export fees', method: 'GET', path: '/api/console/export/fee?format=csv', allowed: ALL },
  {
    name: 'import changed 民政 fees',
    method: 'POST',
    path: '/api/console/import/fee',
    setup: csvFor('dept-mz'),
    allowed: MZ,
    refusedStatus: 422,
  },
  {
    name: 'import changed 财政 fees',
    method: 'POST',
    path: '/api/console/import/fee',
    setup: csvFor('dept-cz'),
    allowed: CZ,
    refusedStatus: 422,
  },
  { name: 'see the fleet', method: 'GET', path: '/api/console/kiosks', allowed: ALL },
  { name: 'see publications and their reach', method: 'GET', path: '/api/console/publications', allowed: ALL },
  {
    name: 'register a kiosk',
    method: 'POST',
    path: '/api/console/kiosks',
    body: () => ({ id: 'kiosk-county-9', hallId: 'hall-county', name: '一楼大厅', staffPin: '246813' }),
    allowed: ['admin'],
  },
  {
    name: 'reissue a kiosk token',
    method: 'POST',
    path: '/api/console/kiosks/kiosk-county-1/token',
    setup: registerKiosk,
    body: () => ({ staffPin: '246813' }),
    allowed: ['admin'],
  },
  { name: 'remove a kiosk', method: 'DELETE', path: '/api/console/kiosks/kiosk-county-1', setup: registerKiosk, allowed: ['admin'] },
  {
    name: 'merge a 民政 draft after a conflict',
    method: 'POST',
    path: '/api/console/drafts/:draftId/rebase',
    setup: () => draftBy('admin', 'fee', FEE_MZ_ID),
    body: (ctx) => ({ revision: ctx.revision, data: { ...feeDraftData('dept-mz'), id: FEE_MZ_ID } }),
    allowed: MZ,
  },
  {
    name: 'submit an imported 民政 batch',
    method: 'POST',
    path: '/api/console/batches/:batchId/submit',
    setup: () => importBatch(false),
    allowed: MZ,
  },
  {
    name: 'approve an imported 民政 batch',
    method: 'POST',
    path: '/api/console/batches/:batchId/approve',
    setup: () => importBatch(true),
    body: () => ({}),
    allowed: ['admin', 'reviewer-mz'],
  },
  { name: 'see import batches (only those one may edit)', method: 'GET', path: '/api/console/batches', allowed: ALL },
  {
    name: 'open an imported 民政 batch',
    method: 'GET',
    path: '/api/console/batches/:batchId',
    setup: () => importBatch(false),
    allowed: MZ,
    refusedStatus: 404,
  },
  {
    name: 'reject an imported 民政 batch',
    method: 'POST',
    path: '/api/console/batches/:batchId/reject',
    setup: () => importBatch(true),
    body: () => ({ reason: '依据文件有误' }),
    allowed: ['admin', 'reviewer-mz'],
  },
  {
    name: 'discard an imported 民政 batch',
    method: 'POST',
    path: '/api/console/batches/:batchId/discard',
    setup: () => importBatch(false),
    allowed: MZ,
  },
  { name: 'see the history of a 民政 fee', method: 'GET', path: `/api/console/records/fee/${FEE_MZ_ID}/history`, allowed: ALL },
  {
    name: 'restore a version of a 民政 fee as a draft',
    method: 'POST',
    path: `/api/console/records/fee/${FEE_MZ_ID}/restore`,
    body: () => ({ version: 1 }),
    allowed: MZ,
  },
  {
    name: 'change an account',
    method: 'PATCH',
    path: '/api/console/users/user-editor-cz',
    body: () => ({ departments: ['dept-mz', 'dept-cz'] }),
    allowed: ['admin'],
  },
  {
    name: "change one's own password",
    method: 'POST',
    path: '/api/console/account/password',
    body: () => ({ currentPassword: 'correct horse battery', newPassword: 'another long passphrase' }),
    allowed: ALL,
  },
  { name: 'upload a portrait', method: 'POST', path: '/api/console/media', setup: portraitUpload, allowed: ALL },
];

/** A batch of changed 民政 fees imported by editor-mz2 (submitted when asked). */
async function importBatch(submit: boolean) {
  const editor = await h.login('editor-mz2');
  const { csv } = await csvFor('dept-mz')();
  const form = new FormData();
  form.set('file', new File([csv], 'fees.csv'));
  const res = await editor.request('POST', '/api/console/import/fee', form);
  const { batchId } = (await res.json()) as { batchId: string };
  if (submit) await editor.request('POST', `/api/console/batches/${batchId}/submit`);
  return { batchId };
}

async function portraitUpload() {
  const sharp = (await import('sharp')).default;
  const jpeg = await sharp({ create: { width: 60, height: 80, channels: 3, background: '#888' } })
    .jpeg()
    .toBuffer();
  return { portrait: jpeg.toString('base64') };
}

async function registerKiosk() {
  const admin = await h.login('admin');
  const res = await admin.json('POST', '/api/console/kiosks', {
    id: 'kiosk-county-1',
    hallId: 'hall-county',
    name: '大厅 1 号机',
    staffPin: '135792',
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return {};
}

async function snapshotState() {
  return {
    seq: (await h.content.position()).seq,
    drafts: JSON.stringify(
      (await h.console.consoleStore.listDrafts({ state: ['draft', 'submitted', 'approved', 'published', 'rejected', 'discarded'] })).map(
        (d) => [d.id, d.revision, d.state],
      ),
    ),
    users: (await h.console.consoleStore.listUsers()).length,
    kiosks: JSON.stringify(await h.console.consoleStore.listKiosks()),
  };
}

async function call(agent: Agent, c: Case, ctx: Record<string, string | number>) {
  const path = c.path.replace(':draftId', String(ctx.draftId)).replace(':batchId', String(ctx.batchId));
  if (ctx.portrait !== undefined) {
    const form = new FormData();
    form.set('purpose', 'portrait');
    form.set('file', new File([Buffer.from(String(ctx.portrait), 'base64')], 'p.jpg'));
    return agent.request(c.method, path, form);
  }
  if (ctx.csv !== undefined) {
    const form = new FormData();
    form.set('file', new File([String(ctx.csv)], 'fees.csv', { type: 'text/csv' }));
    return agent.request(c.method, path, form);
  }
  return agent.request(c.method, path, c.body?.(ctx));
}

describe.each(CASES)('$method $path: $name', (c) => {
  it.each(USERS.map((u) => u.username))('%s', async (username) => {
    const ctx = (await c.setup?.(h)) ?? {};
    const agent = await h.login(username);
    const before = await snapshotState();
    const res = await call(agent, c, ctx);
    if (c.allowed.includes(username)) {
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    } else {
      expect(res.status, await res.clone().text()).toBe(c.refusedStatus ?? 403);
      expect(await snapshotState()).toEqual(before);
    }
  });
});
