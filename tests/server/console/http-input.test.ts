/**
 * Input that is not what a route reads (a body that is not JSON, or says it is not) gets a 400 that
 * says so, on the routes that check their body at the route and on sign-in: never a server error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness';

let h: Harness;
afterEach(() => h?.close());

describe('request bodies the console API cannot read', () => {
  it('answers 400 naming the problem for a broken JSON body, signed in or signing in', async () => {
    h = await startHarness();
    const editor = await h.login('editor-mz');
    const headers = { Origin: h.url, Cookie: editor.cookie, 'X-CSRF-Token': editor.csrf, 'Content-Type': 'application/json' };
    for (const path of ['/api/console/drafts', '/api/console/login']) {
      const res = await fetch(h.url + path, { method: 'POST', headers, body: '{"type": "guide",' });
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { message: string }).message).toBe('请求体不是有效的 JSON 对象');
    }
  });

  it('answers 400 for a body sent as something other than JSON, instead of reading it as empty', async () => {
    h = await startHarness();
    const editor = await h.login('editor-mz');
    const res = await editor.request('POST', '/api/console/drafts', undefined, { 'Content-Type': 'text/plain' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('Content-Type: application/json');
    const login = await fetch(`${h.url}/api/console/login`, {
      method: 'POST',
      headers: { Origin: h.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'username=admin&password=x',
    });
    expect(login.status).toBe(400);
  });

  it('still names each bad field of a JSON body', async () => {
    h = await startHarness();
    const res = await fetch(`${h.url}/api/console/login`, {
      method: 'POST',
      headers: { Origin: h.url, 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: '', password: 3 }),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { problems: { field: string; message: string }[] };
    expect(body.problems).toEqual(
      expect.arrayContaining([
        { field: 'username', message: '请输入用户名' },
        { field: 'password', message: '密码必须是文本' },
      ]),
    );
  });
});
