import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../console/support/harness';
import { badRating, batch, postBatch, rating, registerKiosk } from './support';

let h: Harness;
let token: string;
beforeEach(async () => {
  h = await startHarness();
  token = await registerKiosk(h, 'kiosk-county-1');
});
afterEach(async () => {
  await h.close();
});

async function openCase(extra: Record<string, unknown> = {}) {
  const item = badRating(h, 'kiosk-county-1', extra);
  await postBatch(h, token, batch(h, 'kiosk-county-1', [item]));
  return `case-${item.id}`;
}

describe('好差评 cases', () => {
  it('shows the phone only to the handling department, masked in lists and exports, and logs who saw it', async () => {
    const id = await openCase();
    const handler = await h.login('editor-mz');
    const list = await handler.json('GET', '/api/console/feedback/cases');
    expect(list.body.cases).toHaveLength(1);
    expect(list.body.cases[0]).toMatchObject({
      id,
      phone: '138****5678',
      phoneMasked: true,
      state: 'pending',
      overdue: false,
      canHandle: true,
    });
    const detail = await handler.json('GET', `/api/console/feedback/cases/${id}`);
    expect(detail.body.case.phone).toBe('13812345678');
    const other = await h.login('editor-cz');
    expect((await other.json('GET', '/api/console/feedback/cases')).body.cases).toEqual([]);
    expect((await other.json('GET', `/api/console/feedback/cases/${id}`)).status).toBe(404);
    const csv = await (await handler.request('GET', '/api/console/feedback/cases/export?format=csv')).text();
    expect(csv).toContain('138****5678');
    expect(csv).not.toContain('13812345678');
    const audit = await h.console.consoleStore.listAudit({ targetId: id });
    expect(audit.map((a) => a.action)).toContain('feedback-case.view-phone');
  });

  it('masks a number the resident wrote into the comment, except for the handler looking at the case', async () => {
    const id = await openCase({ text: '等了很久，请打13900001111联系我' });
    const handler = await h.login('editor-mz');
    const list = await handler.json('GET', '/api/console/feedback/cases');
    expect(list.body.cases[0].text).toBe('等了很久，请打139****1111联系我');
    expect((await handler.json('GET', `/api/console/feedback/cases/${id}`)).body.case.text).toBe('等了很久，请打13900001111联系我');
    const csv = await (await handler.request('GET', '/api/console/feedback/cases/export?format=csv')).text();
    expect(csv).toContain('139****1111');
    expect(csv).not.toContain('13900001111');
  });

  it('filters the list by state, kind and overdue, and refuses an unknown filter naming the parameter', async () => {
    const id = await openCase();
    const handler = await h.login('editor-mz');
    const ids = async (query: string) =>
      ((await handler.json('GET', `/api/console/feedback/cases?${query}`)).body.cases as { id: string }[]).map((c) => c.id);
    expect(await ids('state=pending&kind=rating&overdue=0')).toEqual([id]);
    expect(await ids('state=closed')).toEqual([]);
    expect(await ids('kind=message')).toEqual([]);
    expect(await ids('overdue=1')).toEqual([]);
    // An unknown value used to be ignored (every case listed); now it is refused, naming what is wrong.
    const bad = await handler.json('GET', '/api/console/feedback/cases?state=done&kind=x&overdue=yes');
    expect(bad.status).toBe(422);
    expect(bad.body.problems).toEqual([
      { field: 'state', message: expect.stringContaining('pending（待处理）') },
      { field: 'kind', message: expect.stringContaining('rating（好差评）') },
      { field: 'overdue', message: expect.stringContaining('只能是 1') },
    ]);
    const format = await handler.json('GET', '/api/console/feedback/cases/export?format=pdf');
    expect(format).toMatchObject({ status: 422, body: { problems: [{ field: 'format', message: "必须是 'csv' 或 'xlsx'" }] } });
  });

  it('refuses a transition body that is not JSON, or names the bad fields, without moving the case', async () => {
    const id = await openCase();
    const handler = await h.login('editor-mz');
    const path = `/api/console/feedback/cases/${id}/transition`;
    const malformed = await handler.request('POST', path, undefined, { 'Content-Type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: 'bad-request', message: '请求体不是有效的 JSON 对象' });
    const bad = await handler.json('POST', path, { to: 'finished', callback: { reached: 'yes', note: '' } });
    expect(bad.status).toBe(422);
    expect(bad.body.problems.map((p: { field: string }) => p.field)).toEqual(['to', 'callback.reached']);
    expect((await handler.json('GET', `/api/console/feedback/cases/${id}`)).body.case.state).toBe('pending');
  });

  it('moves 待处理 → 整改中 → 已回访 → 办结, requiring rectification, reply and the callback, all audited', async () => {
    const id = await openCase();
    const handler = await h.login('editor-mz');
    const step = (body: Record<string, unknown>) => handler.json('POST', `/api/console/feedback/cases/${id}/transition`, body);
    expect((await step({ to: 'closed' })).status).toBe(409);
    expect((await step({ to: 'rectifying' })).body.case.state).toBe('rectifying');
    const missing = await step({ to: 'called-back' });
    expect(missing.status).toBe(422);
    expect(missing.body.problems.map((p: { field: string }) => p.field)).toEqual(['rectification', 'reply', 'callback']);
    const done = await step({
      to: 'called-back',
      rectification: '增开一个窗口',
      reply: '已增开窗口，谢谢监督',
      callback: { reached: true, note: '群众表示满意' },
    });
    expect(done.body.case).toMatchObject({ state: 'called-back', callback: { reached: true, by: 'editor-mz' } });
    expect((await step({ to: 'closed' })).body.case.state).toBe('closed');
    const actions = (await h.console.consoleStore.listAudit({ targetId: id })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['feedback-case.rectifying', 'feedback-case.called-back', 'feedback-case.closed']));
    // Another department cannot move it.
    const id2 = await openCase();
    expect(
      (await (await h.login('editor-cz')).json('POST', `/api/console/feedback/cases/${id2}/transition`, { to: 'rectifying' })).status,
    ).toBe(403);
  });

  it('keeps the case history (who, when, what) and masks phones in it for users who do not handle the case', async () => {
    // A village point's kiosk: the county hall's roster editor of the same department may read the case, not handle it.
    const villageToken = await registerKiosk(h, 'kiosk-dongshan-1', 'point-dongshan');
    const item = badRating(h, 'kiosk-dongshan-1');
    await postBatch(h, villageToken, batch(h, 'kiosk-dongshan-1', [item]));
    const id = `case-${item.id}`;
    const handler = await h.login('editor-mz');
    const step = (body: Record<string, unknown>) => handler.json('POST', `/api/console/feedback/cases/${id}/transition`, body);
    expect((await step({ to: 'rectifying' })).body.history.map((e: { toState: string }) => e.toState)).toEqual(['pending', 'rectifying']);
    await step({
      to: 'called-back',
      rectification: '增开一个窗口',
      reply: '已增开窗口，谢谢监督',
      callback: { reached: true, note: '拨打 13812345678 已接通' },
    });
    const mine = (await handler.json('GET', `/api/console/feedback/cases/${id}`)).body;
    expect(mine.history).toHaveLength(3);
    expect(mine.history[0]).toMatchObject({ fromState: null, toState: 'pending', actorName: '群众（自助终端 kiosk-dongshan-1）' });
    expect(mine.history[1]).toMatchObject({
      actorName: 'editor-mz',
      fromState: 'pending',
      toState: 'rectifying',
      detail: '待处理 → 整改中',
    });
    expect(mine.history[2]).toMatchObject({
      actorName: 'editor-mz',
      fromState: 'rectifying',
      toState: 'called-back',
      detail: '整改中 → 已回访；整改情况：增开一个窗口；答复：已增开窗口，谢谢监督；回访已接通：拨打 13812345678 已接通',
    });
    expect(mine.history[2].at).toBe(new Date(h.clock.ms).toISOString());

    const reader = await h.login('roster-county');
    const theirs = (await reader.json('GET', `/api/console/feedback/cases/${id}`)).body;
    expect(theirs.case).toMatchObject({ canHandle: false, phone: '138****5678', phoneMasked: true });
    expect(theirs.case.callback.note).toBe('拨打 138****5678 已接通');
    expect(theirs.history[2].detail).toContain('回访已接通：拨打 138****5678 已接通');
    expect(JSON.stringify(theirs)).not.toContain('13812345678');
    expect((await reader.json('POST', `/api/console/feedback/cases/${id}/transition`, { to: 'closed' })).status).toBe(403);
    // The console's audit log keeps the step, the number in it masked.
    const audit = await h.console.consoleStore.listAudit({ targetId: id });
    expect(audit.find((a) => a.action === 'feedback-case.called-back')!.detail).toContain('138****5678');
  });

  it('marks a case overdue after 15 working days and reports the rates', async () => {
    h.clock.set('2026-11-23T10:00:00+08:00');
    await openCase({ at: new Date(h.clock.ms).toISOString() });
    await postBatch(h, token, batch(h, 'kiosk-county-1', [rating(h, 'kiosk-county-1', { level: 5 })]));
    h.clock.set('2026-12-14T23:00:00+08:00'); // the 15th working day: not yet overdue
    expect((await (await h.login('admin')).json('GET', '/api/console/feedback/cases')).body.cases[0].overdue).toBe(false);
    h.clock.set('2026-12-15T08:00:00+08:00');
    const admin = await h.login('admin');
    expect((await admin.json('GET', '/api/console/feedback/cases')).body.cases[0].overdue).toBe(true);
    const report = await admin.json('GET', '/api/console/feedback/reports?from=2026-11-01&to=2026-12-31');
    expect(report.body.cases.find((c: { kind: string }) => c.kind === 'rating')).toMatchObject({ total: 1, closed: 0, overdueOpen: 1 });
    expect(report.body.byDepartment[0]).toMatchObject({ key: 'dept-mz', total: 2, satisfiedRate: 0.5 });
  });

  it('lets an admin keep the holiday calendar, and new deadlines follow it', async () => {
    const admin = await h.login('admin');
    const days = (await admin.json('GET', '/api/console/feedback/calendar')).body.days;
    expect(days).toEqual(expect.arrayContaining([{ date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' }]));
    expect(
      (await (await h.login('editor-mz')).json('PUT', '/api/console/feedback/calendar/2026-11-24', { kind: 'holiday', name: 'x' })).status,
    ).toBe(403);
    const bad = await admin.json('PUT', '/api/console/feedback/calendar/2026-11-24', { kind: 'day-off', name: '' });
    expect(bad.body.problems.map((p: { field: string }) => p.field)).toEqual(['kind', 'name']);
    expect((await admin.json('PUT', '/api/console/feedback/calendar/2026-11-24', { kind: 'holiday', name: '县庆' })).status).toBe(200);
    h.clock.set('2026-11-23T10:00:00+08:00');
    const id = await openCase({ at: new Date(h.clock.ms).toISOString() });
    expect((await admin.json('GET', `/api/console/feedback/cases/${id}`)).body.case.dueDate).toBe('2026-12-15');

    // A day off entered later moves the deadlines of open cases; taking it out moves them back.
    const added = await admin.json('PUT', '/api/console/feedback/calendar/2026-12-01', { kind: 'holiday', name: '临时调整' });
    expect(added.body.moved).toBeGreaterThanOrEqual(1);
    expect((await admin.json('GET', `/api/console/feedback/cases/${id}`)).body.case.dueDate).toBe('2026-12-16');
    expect((await admin.json('DELETE', '/api/console/feedback/calendar/2026-12-01')).body.moved).toBeGreaterThanOrEqual(1);
    expect((await admin.json('GET', `/api/console/feedback/cases/${id}`)).body.case.dueDate).toBe('2026-12-15');
  });
});
