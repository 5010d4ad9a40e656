/**
 * Signing in to the console as a person would, whatever the account asks for
 * first: the code from an authenticator (accounts with two-factor) or a new
 * password (accounts an admin created). Remembers each account's current
 * password and the last code step used, since a code never works twice.
 */
import type { Page } from 'playwright-core';
import { currentTotp } from '../../../src/server/console/accounts/totp';
import { createUser, type NewUserInput } from '../../../src/server/console/accounts/users';
import { openSqliteConsoleStore } from '../../../src/server/console/store/sqlite-console-store';

export const OWN_PASSWORD = 'river stones and lanterns 2027';

export class ConsoleAccounts {
  private readonly passwords = new Map<string, string>();
  private readonly totp = new Map<string, { secret: string; lastMs: number }>();

  constructor(private readonly defaultPassword: string) {}

  password(username: string): string {
    return this.passwords.get(username) ?? this.defaultPassword;
  }

  setPassword(username: string, password: string) {
    this.passwords.set(username, password);
  }

  /** After enrolment at `atMs` (the code of that step is spent). */
  setTotp(username: string, secret: string, atMs: number) {
    this.totp.set(username, { secret, lastMs: atMs });
  }

  /** A code of a step after the last one used (one step ahead is inside the server's window). */
  nextCode(username: string): string {
    const entry = this.totp.get(username);
    if (!entry) throw new Error(`${username} has no authenticator`);
    const at = Math.max(Date.now(), entry.lastMs + 30_000);
    entry.lastMs = at;
    return currentTotp(entry.secret, new Date(at));
  }

  /** Enrols two-factor on the page that asks for it, returns when the console is open. */
  async enrol(p: Page, username: string) {
    const secret = (await p.getByTestId('totp-secret').getAttribute('data-secret'))!;
    const at = Date.now();
    await p.getByLabel('验证码（6 位数字）').fill(currentTotp(secret, new Date(at)));
    await p.getByRole('button', { name: '确认启用' }).click();
    this.setTotp(username, secret, at);
  }

  async login(p: Page, baseUrl: string, username: string) {
    await p.goto(`${baseUrl}/console`);
    await p.getByLabel('用户名').fill(username);
    await p.getByLabel('密码').fill(this.password(username));
    await p.getByRole('button', { name: '登录' }).click();
    const nav = p.getByRole('navigation', { name: '主导航' });
    const code = p.getByRole('heading', { name: '两步验证', exact: true });
    const change = p.getByRole('heading', { name: '请设置您自己的密码' });
    const enrol = p.getByRole('heading', { name: '管理员账号须启用两步验证' });
    await nav.or(code).or(change).or(enrol).first().waitFor();
    if (await code.isVisible()) {
      await p.getByLabel('验证码（6 位数字）').fill(this.nextCode(username));
      await p.getByRole('button', { name: '验证' }).click();
      await nav.or(change).or(enrol).first().waitFor();
    }
    if (await change.isVisible()) {
      await p.getByLabel('当前密码').fill(this.password(username));
      await p.getByLabel(/^新密码/).fill(OWN_PASSWORD);
      await p.getByLabel('再次输入新密码').fill(OWN_PASSWORD);
      await p.getByRole('button', { name: '设置新密码并继续' }).click();
      this.setPassword(username, OWN_PASSWORD);
      await nav.or(enrol).first().waitFor();
    }
    if (await enrol.isVisible()) await this.enrol(p, username);
    await nav.waitFor();
  }
}

/** Accounts made by an admin before the test, straight in the server's console store. */
export async function addConsoleUsers(dataDir: string, users: NewUserInput[]): Promise<void> {
  const store = openSqliteConsoleStore({ dataDir });
  try {
    for (const user of users) await createUser(store, user, { id: null, name: 'e2e' }, new Date());
  } finally {
    await store.close();
  }
}

/** The console API from inside the signed-in page (its cookie and CSRF token). */
export async function consoleApi(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const session = await (await fetch('/api/console/session')).json();
      const res = await fetch(`/api/console${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    },
    { method, path, body },
  );
}
