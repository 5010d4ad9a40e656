/** Login, logout, the current session, and the one-time first-admin setup link. */
import { Hono } from 'hono';
import * as v from 'valibot';
import { DUMMY_HASH, verifyPassword } from '../accounts/passwords';
import { createUser, UserInputError } from '../accounts/users';
import type { ConsoleStore } from '../console-store';
import { WorkflowError } from '../workflow/errors';
import type { ConsoleEnv } from './env';
import { parseInput, readJson } from './helpers';
import type { LoginLimiter } from './rate-limit';
import { endSession, requireSession, sameOrigin, startSession } from './sessions';
import type { TrustedProxies } from './trusted-proxies';

export interface SetupLink {
  /** The one-time token, or null once used or when an admin exists. */
  token: string | null;
}

const LoginInput = v.object({
  username: v.pipe(v.string('用户名必须是文本'), v.trim(), v.minLength(1, '请输入用户名'), v.maxLength(80)),
  password: v.pipe(v.string('密码必须是文本'), v.minLength(1, '请输入密码'), v.maxLength(200)),
});

export function authRoutes(deps: {
  consoleStore: ConsoleStore;
  now: () => Date;
  limiter: LoginLimiter;
  setup: SetupLink;
  proxies: TrustedProxies;
}) {
  const { consoleStore, now, limiter, setup } = deps;
  const app = new Hono<ConsoleEnv>();

  app.post('/login', async (c) => {
    if (!sameOrigin(c)) return c.json({ error: 'csrf', message: '请求来源不是本站（CSRF 防护）' }, 403);
    const input = parseInput(LoginInput, await readJson(c));
    const address = deps.proxies.clientAddress(c);
    const wait = limiter.retryAfterSeconds(input.username, address);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return c.json({ error: 'rate-limited', message: `登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`, retryAfter: wait }, 429);
    }
    const user = await consoleStore.getUserByUsername(input.username);
    const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) {
      limiter.recordFailure(input.username, address);
      await consoleStore.appendAudit([
        {
          actorId: user?.id ?? null,
          actorName: input.username,
          action: 'login.failed',
          targetType: 'user',
          targetId: user?.id ?? input.username,
          detail: address,
        },
      ]);
      return c.json({ error: 'bad-credentials', message: '用户名或密码不正确' }, 401);
    }
    limiter.recordSuccess(input.username, address);
    const session = await startSession(c, consoleStore, user, now());
    await consoleStore.appendAudit([
      { actorId: user.id, actorName: user.username, action: 'login', targetType: 'user', targetId: user.id, detail: address },
    ]);
    const { passwordHash: _omit, ...publicUser } = user;
    return c.json({ user: publicUser, csrfToken: session.csrfToken, expiresAt: session.expiresAt });
  });

  app.get('/setup', async (c) => {
    const token = c.req.query('token');
    const valid = !!setup.token && token === setup.token && (await consoleStore.countAdmins()) === 0;
    return c.json({ valid });
  });

  app.post('/setup', async (c) => {
    if (!sameOrigin(c)) return c.json({ error: 'csrf', message: '请求来源不是本站（CSRF 防护）' }, 403);
    const body = await readJson(c);
    if (!setup.token || body.token !== setup.token || (await consoleStore.countAdmins()) > 0) {
      return c.json({ error: 'setup-closed', message: '此设置链接无效或已使用' }, 403);
    }
    const input = parseInput(
      v.object({
        username: v.string('用户名必须是文本'),
        password: v.string('密码必须是文本'),
        displayName: v.optional(v.string()),
      }),
      body,
    );
    try {
      const user = await createUser(
        consoleStore,
        { ...input, role: 'admin', departments: null, halls: null },
        { id: null, name: '首次设置链接' },
        now(),
      );
      setup.token = null;
      const session = await startSession(c, consoleStore, { ...user }, now());
      return c.json({ user, csrfToken: session.csrfToken }, 201);
    } catch (err) {
      if (err instanceof UserInputError)
        throw new WorkflowError('invalid', err.message, { problems: [{ field: err.field, message: err.message }] });
      throw err;
    }
  });

  app.post('/logout', async (c) => {
    if (!sameOrigin(c)) return c.json({ error: 'csrf', message: '请求来源不是本站（CSRF 防护）' }, 403);
    await endSession(c, consoleStore);
    return c.json({ ok: true });
  });

  app.get('/session', requireSession(consoleStore, now), (c) => {
    const session = c.get('session');
    return c.json({ user: c.get('user'), csrfToken: session.csrfToken, expiresAt: session.expiresAt });
  });

  return app;
}
