import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(h.url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: h.url, ...headers },
    body: JSON.stringify(body),
  });

describe('login and sessions', () => {
  it('sets an HttpOnly SameSite=Strict cookie and answers the session with a CSRF token', async () => {
    const res = await post('/api/console/login', { username: 'editor-mz', password: 'correct horse battery' });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const agent = await h.login('editor-mz');
    const session = await agent.json('GET', '/api/console/session');
    expect(session.status).toBe(200);
    expect(session.body.user.username).toBe('editor-mz');
    expect(session.body.user.passwordHash).toBeUndefined();
    expect(session.body.csrfToken).toBe(agent.csrf);
  });

  it('marks the cookie Secure behind HTTPS', async () => {
    const res = await post(
      '/api/console/login',
      { username: 'admin', password: 'correct horse battery' },
      { 'X-Forwarded-Proto': 'https' },
    );
    expect(res.headers.get('set-cookie')).toMatch(/Secure/);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
  });

  it('refuses a wrong password with the same message as an unknown user', async () => {
    const wrong = await post('/api/console/login', { username: 'editor-mz', password: 'nope nope nope' });
    const unknown = await post('/api/console/login', { username: 'nobody', password: 'nope nope nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await wrong.json()).message).toBe((await unknown.json()).message);
  });

  it('delays an account after 5 failures, longer each time, without touching other accounts from the same address', async () => {
    for (let i = 0; i < 5; i++)
      expect((await post('/api/console/login', { username: 'editor-cz', password: `wrong-${i}-password` })).status).toBe(401);
    const delayed = await post('/api/console/login', { username: 'editor-cz', password: 'correct horse battery' });
    expect(delayed.status).toBe(429);
    expect(Number(delayed.headers.get('retry-after'))).toBe(30);
    expect((await delayed.json()).message).toContain('30 秒');
    // Other accounts are not locked out by someone guessing this one, from the same address.
    expect((await post('/api/console/login', { username: 'editor-mz', password: 'correct horse battery' })).status).toBe(200);
    h.clock.advance(31_000);
    expect((await post('/api/console/login', { username: 'editor-cz', password: 'wrong-again-password' })).status).toBe(401);
    const longer = await post('/api/console/login', { username: 'editor-cz', password: 'correct horse battery' });
    expect(longer.status).toBe(429);
    expect(Number(longer.headers.get('retry-after'))).toBe(60);
    h.clock.advance(61_000);
    expect((await post('/api/console/login', { username: 'editor-cz', password: 'correct horse battery' })).status).toBe(200);
  });

  it('expires a session after 30 idle minutes', async () => {
    const agent = await h.login('editor-mz');
    h.clock.advance(29 * 60_000);
    expect((await agent.json('GET', '/api/console/session')).status).toBe(200);
    h.clock.advance(29 * 60_000);
    expect((await agent.json('GET', '/api/console/session')).status).toBe(200);
    h.clock.advance(31 * 60_000);
    const expired = await agent.json('GET', '/api/console/session');
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe('session-expired');
  });

  it('expires a session after 12 hours however active it is', async () => {
    const agent = await h.login('editor-mz');
    for (let i = 0; i < 26; i++) {
      h.clock.advance(29 * 60_000);
      await agent.json('GET', '/api/console/session');
    }
    expect((await agent.json('GET', '/api/console/session')).status).toBe(401);
  });

  it('logs out: the cookie no longer works', async () => {
    const agent = await h.login('editor-mz');
    expect((await agent.request('POST', '/api/console/logout')).status).toBe(200);
    expect((await agent.json('GET', '/api/console/drafts')).status).toBe(401);
  });

  it('ends sessions of a user whose rights an admin changes', async () => {
    const editor = await h.login('editor-mz');
    const admin = await h.login('admin');
    const users = (await admin.json('GET', '/api/console/users')).body.users as { id: string; username: string }[];
    const id = users.find((u) => u.username === 'editor-mz')!.id;
    expect((await admin.json('PATCH', `/api/console/users/${id}`, { departments: ['dept-cz'] })).status).toBe(200);
    expect((await editor.json('GET', '/api/console/drafts')).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the token', async () => {
    const agent = await h.login('editor-mz');
    const res = await fetch(`${h.url}/api/console/drafts`, {
      method: 'POST',
      headers: { Cookie: agent.cookie, Origin: h.url, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'fee', id: 'fee-mz-1' }),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toBe('csrf');
    expect(await h.console.consoleStore.listDrafts()).toHaveLength(0);
  });

  it('refuses a wrong token and a foreign origin even with the right token', async () => {
    const agent = await h.login('editor-mz');
    expect(
      (await agent.request('POST', '/api/console/drafts', { type: 'fee', id: 'fee-mz-1' }, { 'X-CSRF-Token': 'x'.repeat(43) })).status,
    ).toBe(403);
    expect(
      (await agent.request('POST', '/api/console/drafts', { type: 'fee', id: 'fee-mz-1' }, { Origin: 'https://evil.example' })).status,
    ).toBe(403);
    expect(
      (await post('/api/console/login', { username: 'editor-mz', password: 'correct horse battery' }, { Origin: 'https://evil.example' }))
        .status,
    ).toBe(403);
    expect(await h.console.consoleStore.listDrafts()).toHaveLength(0);
  });

  it('answers 401 to a request with no session and to a bearer token', async () => {
    expect((await fetch(`${h.url}/api/console/drafts`)).status).toBe(401);
    expect((await fetch(`${h.url}/api/console/drafts`, { headers: { Authorization: 'Bearer abc' } })).status).toBe(401);
  });
});

describe('security headers', () => {
  it('sends a strict CSP and no-store on the console API', async () => {
    const agent = await h.login('editor-mz');
    const res = await agent.request('GET', '/api/console/session');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('first administrator', () => {
  it('offers a one-time setup link only while there is no admin', async () => {
    const empty = await startHarness({ users: false });
    try {
      // The link is made once the store has answered that there is no admin.
      await expect.poll(() => empty.console.setupToken()).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      const token = (await empty.console.setupToken())!;
      const post2 = (body: unknown) =>
        fetch(`${empty.url}/api/console/setup`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: empty.url },
          body: JSON.stringify(body),
        });
      expect((await post2({ token: 'wrong', username: 'boss', password: 'a long good passphrase' })).status).toBe(403);
      const weak = await post2({ token, username: 'boss', password: 'short' });
      expect(weak.status).toBe(422);
      expect((await weak.json()).problems[0].field).toBe('password');
      expect((await post2({ token, username: 'boss', password: 'a long good passphrase' })).status).toBe(201);
      expect((await post2({ token, username: 'boss2', password: 'a long good passphrase' })).status).toBe(403);
      expect((await empty.login('boss', 'a long good passphrase')).username).toBe('boss');
    } finally {
      await empty.close();
    }
  });
});
