/**
 * Accounts over real HTTP: password strength (zxcvbn + length), the forced
 * change of an admin-set password, a password change ending the other
 * sessions, TOTP two-factor (required for admins), and per-account login
 * delays that a flood from one address cannot turn into a lockout of everyone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { currentTotp } from '../../../src/server/console/accounts/totp';
import { PASSWORD, startHarness, type Agent, type Harness } from './support/harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(h.url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: h.url, ...headers },
    body: JSON.stringify(body),
  });

const userId = async (admin: Agent, username: string) =>
  ((await admin.json('GET', '/api/console/users')).body.users as { id: string; username: string }[]).find((u) => u.username === username)!
    .id;

describe('password strength', () => {
  it('refuses short, common and keyboard-run passwords with a message on the password field', async () => {
    h = await startHarness();
    const admin = await h.login('admin');
    for (const password of ['1234567890', 'qwertyuiop', 'password123!', 'short']) {
      const res = await admin.json('POST', '/api/console/users', { username: 'new-person', password, role: 'editor' });
      expect(res.status, password).toBe(422);
      expect(res.body.problems[0].field).toBe('password');
    }
    expect((await admin.json('GET', '/api/console/users')).body.users.some((u: any) => u.username === 'new-person')).toBe(false);
    const ok = await admin.json('POST', '/api/console/users', {
      username: 'new-person',
      password: '青岚县政务服务中心2026',
      role: 'editor',
    });
    expect(ok.status).toBe(201);
  });

  it('refuses a weak new password when a user changes their own', async () => {
    h = await startHarness();
    const editor = await h.login('editor-mz');
    const res = await editor.json('POST', '/api/console/account/password', { currentPassword: PASSWORD, newPassword: 'abcabcabca' });
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual([{ field: 'newPassword', message: expect.stringContaining('容易被猜到') }]);
    const empty = await editor.json('POST', '/api/console/account/password', { currentPassword: PASSWORD });
    expect(empty.status).toBe(422);
    expect(empty.body.problems[0].field).toBe('newPassword');
  });
});

describe('forced password change', () => {
  it('makes a person an admin created change the password first, then works normally', async () => {
    h = await startHarness();
    const admin = await h.login('admin');
    expect(
      (await admin.json('POST', '/api/console/users', { username: 'sun-editor', password: 'admin chose this 2026', role: 'editor' }))
        .status,
    ).toBe(201);
    const login = await post('/api/console/login', { username: 'sun-editor', password: 'admin chose this 2026' });
    expect((await login.json()).pending).toBe('change-password');
    const person = await h.login('sun-editor', 'admin chose this 2026');
    const refused = await person.json('GET', '/api/console/drafts');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('password-change-required');
    expect((await person.json('GET', '/api/console/session')).body.pending).toBe('change-password');
    const same = await person.json('POST', '/api/console/account/password', {
      currentPassword: 'admin chose this 2026',
      newPassword: 'admin chose this 2026',
    });
    expect(same.status).toBe(422);
    const changed = await person.json('POST', '/api/console/account/password', {
      currentPassword: 'admin chose this 2026',
      newPassword: 'my own lantern river 88',
    });
    expect(changed.status).toBe(200);
    expect((await person.json('GET', '/api/console/session')).body.pending).toBeNull();
    expect((await person.json('GET', '/api/console/drafts')).status).toBe(200);
  });

  it('forces a change again after an admin resets the password', async () => {
    h = await startHarness();
    const admin = await h.login('admin');
    const id = await userId(admin, 'editor-cz');
    expect((await admin.json('PATCH', `/api/console/users/${id}`, { password: 'temporary harbour 4417' })).status).toBe(200);
    const person = await h.login('editor-cz', 'temporary harbour 4417');
    expect((await person.json('GET', '/api/console/session')).body.pending).toBe('change-password');
  });

  it('ends the other sessions of a user who changes their password, and keeps the one that changed it', async () => {
    h = await startHarness();
    const laptop = await h.login('editor-mz');
    const desk = await h.login('editor-mz');
    expect(
      (await desk.json('POST', '/api/console/account/password', { currentPassword: PASSWORD, newPassword: 'a brand new lantern 2027' }))
        .status,
    ).toBe(200);
    expect((await laptop.json('GET', '/api/console/drafts')).status).toBe(401);
    expect((await desk.json('GET', '/api/console/drafts')).status).toBe(200);
    const audit = (await (await h.login('admin')).json('GET', '/api/console/audit?action=user.password')).body.entries;
    expect(audit).toHaveLength(1);
  });
});

describe('two-factor (TOTP)', () => {
  async function enrol(agent: Agent): Promise<string> {
    const started = await agent.json('POST', '/api/console/account/totp/start');
    expect(started.status).toBe(200);
    expect(started.body.uri).toMatch(/^otpauth:\/\/totp\/.+secret=/);
    const wrong = await agent.json('POST', '/api/console/account/totp/confirm', { code: '000000' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.problems[0].field).toBe('code');
    const ok = await agent.json('POST', '/api/console/account/totp/confirm', {
      code: currentTotp(started.body.secret, new Date(h.clock.ms)),
    });
    expect(ok.status).toBe(200);
    return started.body.secret as string;
  }

  it('requires an admin to enrol before anything else, then asks for a code at every sign-in and refuses a reused code', async () => {
    h = await startHarness({ requireAdminTotp: true });
    const admin = await h.login('admin');
    expect((await admin.json('GET', '/api/console/session')).body.pending).toBe('enrol-totp');
    const refused = await admin.json('GET', '/api/console/users');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('totp-enrolment-required');
    const secret = await enrol(admin);
    expect((await admin.json('GET', '/api/console/users')).status).toBe(200);
    expect((await admin.json('POST', '/api/console/account/totp/disable', { password: PASSWORD })).status).toBe(403);

    h.clock.advance(60_000);
    const first = await post('/api/console/login', { username: 'admin', password: PASSWORD });
    const step = await first.json();
    expect(first.status).toBe(200);
    expect(step.secondFactor).toBe('totp');
    expect(first.headers.getSetCookie().some((c) => c.startsWith('console_session='))).toBe(false);
    const wrong = await post('/api/console/login/totp', { challenge: step.challenge, code: '123456' });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).problems[0].field).toBe('code');
    const code = currentTotp(secret, new Date(h.clock.ms));
    const right = await post('/api/console/login/totp', { challenge: step.challenge, code });
    expect(right.status).toBe(200);
    expect((await right.json()).pending).toBeNull();
    // The same code cannot sign in twice, nor can the challenge be used again.
    expect((await post('/api/console/login/totp', { challenge: step.challenge, code })).status).toBe(401);
    const again = await (await post('/api/console/login', { username: 'admin', password: PASSWORD })).json();
    const replay = await post('/api/console/login/totp', { challenge: again.challenge, code });
    expect(replay.status).toBe(401);
    const actions = (await admin.json('GET', '/api/console/audit?person=admin')).body.entries.map((e: any) => e.action);
    expect(actions).toContain('login.totp-failed');
    expect(actions).toContain('user.totp-enable');
  });

  it('refuses an expired challenge and bad code input with a message', async () => {
    h = await startHarness({ requireAdminTotp: true });
    const admin = await h.login('admin');
    await enrol(admin);
    const step = await (await post('/api/console/login', { username: 'admin', password: PASSWORD })).json();
    const letters = await post('/api/console/login/totp', { challenge: step.challenge, code: 'abcdef' });
    expect(letters.status).toBe(422);
    expect((await letters.json()).problems[0]).toEqual({ field: 'code', message: '验证码是 6 位数字' });
    h.clock.advance(6 * 60_000);
    const late = await post('/api/console/login/totp', { challenge: step.challenge, code: '123456' });
    expect(late.status).toBe(401);
    expect((await late.json()).error).toBe('challenge-expired');
  });

  it('lets an editor turn two-factor on and off with the password; an admin can reset it', async () => {
    h = await startHarness({ requireAdminTotp: true });
    const editor = await h.login('editor-mz');
    expect((await editor.json('GET', '/api/console/session')).body.pending).toBeNull();
    await enrol(editor);
    expect((await editor.json('POST', '/api/console/account/totp/disable', { password: 'wrong password here' })).status).toBe(422);
    expect((await editor.json('POST', '/api/console/account/totp/disable', { password: PASSWORD })).status).toBe(200);
    expect((await editor.json('GET', '/api/console/account/security')).body.totpEnabled).toBe(false);
    await enrol(editor);
    const admin = await h.login('admin');
    await enrol(admin);
    expect((await admin.json('PATCH', `/api/console/users/${await userId(admin, 'editor-mz')}`, { resetTotp: true })).status).toBe(200);
    // Reset ends the editor's sessions; at the next sign-in there is no code to ask for.
    expect((await editor.json('GET', '/api/console/drafts')).status).toBe(401);
    const again = await (await post('/api/console/login', { username: 'editor-mz', password: PASSWORD })).json();
    expect(again.secondFactor).toBeUndefined();
    expect(again.csrfToken).toBeTruthy();
  });
});

describe('login delays', () => {
  it('a flood of failures from one address for many accounts locks nobody else out, and an admin can unlock', async () => {
    h = await startHarness();
    // 60 failures spread over every other account from this one address.
    for (let i = 0; i < 60; i++) {
      const username = ['editor-cz', 'reviewer-mz', 'reviewer-cz', 'nobody'][i % 4]!;
      await post('/api/console/login', { username, password: `wrong-${i}-password` });
    }
    expect((await post('/api/console/login', { username: 'editor-mz', password: PASSWORD })).status).toBe(200);
    expect((await post('/api/console/login', { username: 'reviewer-mz', password: PASSWORD })).status).toBe(429);
    const admin = await h.login('admin');
    const listed = (await admin.json('GET', '/api/console/users')).body.users.find((u: any) => u.username === 'reviewer-mz');
    expect(listed.failedLogins).toBe(5); // attempts while delayed are refused unchecked and not counted
    expect(Date.parse(listed.lockedUntil)).toBeGreaterThan(h.clock.ms);
    const id = await userId(admin, 'reviewer-mz');
    expect((await admin.json('POST', `/api/console/users/${id}/unlock`)).status).toBe(200);
    expect((await post('/api/console/login', { username: 'reviewer-mz', password: PASSWORD })).status).toBe(200);
    expect((await admin.json('GET', '/api/console/audit?action=user.unlock')).body.entries).toHaveLength(1);
  });

  it('never delays the browser the owner signed in from before', async () => {
    h = await startHarness();
    const first = await post('/api/console/login', { username: 'editor-cz', password: PASSWORD });
    const device = first.headers
      .getSetCookie()
      .find((c) => c.startsWith('console_device='))!
      .split(';')[0]!;
    for (let i = 0; i < 8; i++) await post('/api/console/login', { username: 'editor-cz', password: `stranger-${i}-guess` });
    expect((await post('/api/console/login', { username: 'editor-cz', password: PASSWORD })).status).toBe(429);
    expect((await post('/api/console/login', { username: 'editor-cz', password: PASSWORD }, { Cookie: device })).status).toBe(200);
  });
});
