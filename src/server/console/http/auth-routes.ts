/**
 * Login (password, then a one-time code for accounts with two-factor), logout,
 * the current session with the step the user must take first (a forced
 * password change, two-factor enrolment for admins), and the one-time
 * first-admin setup link.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import * as v from 'valibot';
import { DUMMY_HASH, verifyPassword } from '../accounts/passwords';
import { randomToken, sha256Hex } from '../accounts/tokens';
import { checkTotp } from '../accounts/totp';
import { createUser, pendingStep, UserInputError } from '../accounts/users';
import type { ConsoleStore } from '../console-store';
import type { StoredUser } from '../types';
import { isHttps } from './security-headers';
import { WorkflowError } from '../workflow/errors';
import type { ConsoleEnv } from './env';
import { jsonInput, queryInput } from './helpers';
import type { LoginBucket, LoginLimiter } from './rate-limit';
import { endSession, requireSession, sameOrigin, startSession } from './sessions';
import type { TrustedProxies } from './trusted-proxies';

const LoginInput = v.object({
  username: v.pipe(v.string('用户名必须是文本'), v.trim(), v.minLength(1, '请输入用户名'), v.maxLength(80)),
  password: v.pipe(v.string('密码必须是文本'), v.minLength(1, '请输入密码'), v.maxLength(200)),
});

const TotpInput = v.object({
  challenge: v.pipe(v.string('缺少登录凭据'), v.minLength(1, '缺少登录凭据'), v.maxLength(100)),
  code: v.pipe(v.string('验证码必须是文本'), v.trim(), v.regex(/^\d{6}$/, '验证码是 6 位数字')),
});

const SetupQuery = v.object({ token: v.optional(v.string()) });

const SetupInput = v.object({
  token: v.pipe(v.string('缺少设置链接中的令牌'), v.maxLength(200)),
  username: v.string('用户名必须是文本'),
  password: v.string('密码必须是文本'),
  displayName: v.optional(v.string('显示名称必须是文本')),
});

/** Signing in, setting up and out change state without a session yet: they must come from the console's own pages. */
const sameOriginOnly: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
  if (!sameOrigin(c)) return c.json({ error: 'csrf', message: '请求来源不是本站（CSRF 防护）' }, 403);
  await next();
};

/** A browser where an account signed in before: its failures are counted apart (see rate-limit.ts). */
export const DEVICE_COOKIE = 'console_device';
const CHALLENGE_TTL_MS = 5 * 60_000;
const CHALLENGE_TRIES = 5;

export function authRoutes(deps: {
  consoleStore: ConsoleStore;
  now: () => Date;
  limiter: LoginLimiter;
  proxies: TrustedProxies;
  requireAdminTotp: boolean;
}) {
  const { consoleStore, now, limiter } = deps;
  const tooMany = (c: Context, wait: number) => {
    c.header('Retry-After', String(wait));
    const when = wait < 90 ? `${wait} 秒` : `${Math.ceil(wait / 60)} 分钟`;
    return c.json({ error: 'rate-limited', message: `此账号登录失败次数过多，请 ${when}后再试，或请管理员解锁`, retryAfter: wait }, 429);
  };

  /** Password (and code, when enrolled) accepted: start the session and remember this browser. */
  const finishSignIn = async (c: Context, user: StoredUser, address: string, bucket: LoginBucket) => {
    await limiter.recordSuccess(bucket);
    const session = await startSession(c, consoleStore, user, now());
    const deviceId = getCookie(c, DEVICE_COOKIE) ?? randomToken(18);
    await limiter.trustDevice(user.username, deviceId);
    setCookie(c, DEVICE_COOKIE, deviceId, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(c),
      path: '/api/console/login',
      maxAge: 365 * 24 * 3600,
    });
    await consoleStore.appendAudit([
      { actorId: user.id, actorName: user.username, action: 'login', targetType: 'user', targetId: user.id, detail: address },
    ]);
    const pending = pendingStep(user, await consoleStore.getUserSecurity(user.id), deps.requireAdminTotp);
    const { passwordHash: _omit, ...publicUser } = user;
    return c.json({ user: publicUser, csrfToken: session.csrfToken, expiresAt: session.expiresAt, pending });
  };

  return new Hono<ConsoleEnv>()
    .post('/login', sameOriginOnly, jsonInput(LoginInput), async (c) => {
      const input = c.req.valid('json');
      const address = deps.proxies.clientAddress(c);
      const bucket = await limiter.bucket(input.username, getCookie(c, DEVICE_COOKIE));
      const wait = await limiter.retryAfterSeconds(bucket);
      if (wait > 0) return tooMany(c, wait);
      const user = await consoleStore.getUserByUsername(input.username);
      const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok || user.disabled) {
        await limiter.recordFailure(bucket);
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
      const security = await consoleStore.getUserSecurity(user.id);
      if (security.totpSecret) {
        const challenge = randomToken(24);
        const at = now().getTime();
        await consoleStore.forgetLoginChallenges(new Date(at).toISOString());
        await consoleStore.createLoginChallenge(sha256Hex(challenge), {
          userId: user.id,
          bucket: bucket.key,
          account: bucket.account,
          address,
          expiresAt: new Date(at + CHALLENGE_TTL_MS).toISOString(),
          tries: 0,
        });
        // Password accepted, code not yet given: stored (so any server process can take the code) under
        // the hash of a one-time challenge the browser holds.
        return c.json({ secondFactor: 'totp' as const, challenge });
      }
      return finishSignIn(c, user, address, bucket);
    })

    .post('/login/totp', sameOriginOnly, jsonInput(TotpInput), async (c) => {
      const input = c.req.valid('json');
      const key = sha256Hex(input.challenge);
      const entry = await consoleStore.getLoginChallenge(key);
      if (!entry || Date.parse(entry.expiresAt) <= now().getTime()) {
        await consoleStore.takeLoginChallenge(key);
        return c.json({ error: 'challenge-expired', message: '验证已超时，请重新输入用户名和密码' }, 401);
      }
      const bucket: LoginBucket = { key: entry.bucket, account: entry.account };
      const wait = await limiter.retryAfterSeconds(bucket);
      if (wait > 0) return tooMany(c, wait);
      const user = await consoleStore.getUser(entry.userId);
      const security = user ? await consoleStore.getUserSecurity(user.id) : null;
      const counter =
        user && !user.disabled && security?.totpSecret ? checkTotp(security.totpSecret, input.code, now(), security.totpLastCounter) : null;
      if (!user || counter === null) {
        await limiter.recordFailure(bucket);
        const tries = await consoleStore.countLoginChallengeTry(key);
        if (tries >= CHALLENGE_TRIES) await consoleStore.takeLoginChallenge(key);
        await consoleStore.appendAudit([
          {
            actorId: entry.userId,
            actorName: user?.username ?? entry.userId,
            action: 'login.totp-failed',
            targetType: 'user',
            targetId: entry.userId,
            detail: entry.address,
          },
        ]);
        const message = tries >= CHALLENGE_TRIES || tries === 0 ? '验证码错误次数过多，请重新输入用户名和密码' : '验证码不正确或已经用过';
        return c.json({ error: 'bad-totp', message, problems: [{ field: 'code', message }] }, 401);
      }
      // Used once: of two requests with the same challenge (through any processes) only one signs in.
      if (!(await consoleStore.takeLoginChallenge(key)))
        return c.json({ error: 'challenge-expired', message: '验证已超时，请重新输入用户名和密码' }, 401);
      await consoleStore.setUserSecurity(user.id, { totpLastCounter: counter });
      return finishSignIn(c, user, entry.address, bucket);
    })

    .get('/setup', queryInput(SetupQuery), async (c) => {
      const { token } = c.req.valid('query');
      const stored = await consoleStore.setupToken();
      const valid = !!stored && token === stored && (await consoleStore.countAdmins()) === 0;
      return c.json({ valid });
    })

    .post('/setup', sameOriginOnly, jsonInput(SetupInput), async (c) => {
      const { token, ...input } = c.req.valid('json');
      const closed = () => c.json({ error: 'setup-closed', message: '此设置链接无效或已使用' }, 403);
      const stored = await consoleStore.setupToken();
      if (!stored || token !== stored || (await consoleStore.countAdmins()) > 0) return closed();
      // Spent before the account is made, in one statement: of two requests with the token (through any
      // server processes) only one goes on. Refused input gives it back so the link still works.
      if (!(await consoleStore.takeSetupToken(stored))) return closed();
      try {
        const user = await createUser(
          consoleStore,
          { ...input, role: 'admin', departments: null, halls: null },
          { id: null, name: '首次设置链接' },
          now(),
        ).catch(async (err: unknown) => {
          await consoleStore.offerSetupToken(stored, now().toISOString());
          throw err;
        });
        const session = await startSession(c, consoleStore, { ...user }, now());
        const pending = pendingStep(user, await consoleStore.getUserSecurity(user.id), deps.requireAdminTotp);
        return c.json({ user, csrfToken: session.csrfToken, pending }, 201);
      } catch (err) {
        if (err instanceof UserInputError)
          throw new WorkflowError('invalid', err.message, { problems: [{ field: err.field, message: err.message }] });
        throw err;
      }
    })

    .post('/logout', sameOriginOnly, async (c) => {
      await endSession(c, consoleStore);
      return c.json({ ok: true });
    })

    .get('/session', requireSession(consoleStore, now), async (c) => {
      const session = c.get('session');
      const user = c.get('user');
      const pending = pendingStep(user, await consoleStore.getUserSecurity(user.id), deps.requireAdminTotp);
      return c.json({ user, csrfToken: session.csrfToken, expiresAt: session.expiresAt, pending });
    });
}
