/**
 * Session cookies and CSRF. The cookie holds a random id (the store keeps only
 * its SHA-256); HttpOnly, SameSite=Strict, Secure behind HTTPS. Sessions end
 * after 30 idle minutes or 12 hours, whichever comes first. Every
 * state-changing request must come from this origin (Origin / Sec-Fetch-Site)
 * and carry the session's CSRF token in X-CSRF-Token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { randomToken, sha256Hex } from '../accounts/tokens';
import type { ConsoleStore } from '../console-store';
import type { Session, User } from '../types';
import type { ConsoleEnv } from './env';
import { isHttps } from './security-headers';

export const SESSION_COOKIE = 'console_session';
export const CSRF_HEADER = 'X-CSRF-Token';
export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
const TOUCH_EVERY_MS = 60_000;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin) {
    const forwardedHost = c.get('forwardedByTrustedProxy') ? c.req.header('x-forwarded-host') : undefined;
    const host = forwardedHost ?? c.req.header('host') ?? new URL(c.req.url).host;
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  const site = c.req.header('sec-fetch-site');
  return site === undefined || site === 'same-origin' || site === 'none';
}

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startSession(c: Context, store: ConsoleStore, user: User, now: Date): Promise<Session> {
  const id = randomToken();
  const session: Session = {
    idHash: sha256Hex(id),
    userId: user.id,
    csrfToken: randomToken(),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS).toISOString(),
  };
  await store.createSession(session);
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    path: '/',
    maxAge: ABSOLUTE_TIMEOUT_MS / 1000,
  });
  return session;
}

export async function endSession(c: Context, store: ConsoleStore): Promise<void> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id) await store.deleteSession(sha256Hex(id));
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(c) });
}

function refuse(c: Context, status: 401 | 403, error: string, message: string) {
  return c.json({ error, message }, status);
}

/** Loads the session and user, refreshes idle expiry, enforces CSRF on state-changing methods. */
export function requireSession(store: ConsoleStore, now: () => Date): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (c.req.header('authorization')) return refuse(c, 401, 'unauthenticated', '控制台只接受登录会话，不接受令牌');
    const id = getCookie(c, SESSION_COOKIE);
    if (!id) return refuse(c, 401, 'unauthenticated', '请先登录');
    const hash = sha256Hex(id);
    const session = await store.getSession(hash);
    const at = now();
    if (!session) return refuse(c, 401, 'unauthenticated', '会话不存在或已退出，请重新登录');
    const idleDeadline = Date.parse(session.lastSeenAt) + IDLE_TIMEOUT_MS;
    if (at.getTime() >= Date.parse(session.expiresAt) || at.getTime() >= idleDeadline) {
      await store.deleteSession(hash);
      return refuse(c, 401, 'session-expired', '会话已过期，请重新登录');
    }
    const user = await store.getUser(session.userId);
    if (!user || user.disabled) {
      await store.deleteSession(hash);
      return refuse(c, 401, 'unauthenticated', '账号已停用');
    }
    if (!SAFE_METHODS.has(c.req.method)) {
      if (!sameOrigin(c)) return refuse(c, 403, 'csrf', '请求来源不是本站（CSRF 防护）');
      const token = c.req.header(CSRF_HEADER);
      if (!token || !tokensEqual(token, session.csrfToken)) return refuse(c, 403, 'csrf', '缺少或错误的 CSRF 令牌，请刷新页面后重试');
    }
    if (at.getTime() - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) await store.touchSession(hash, at.toISOString());
    const { passwordHash: _omit, ...publicUser } = user;
    c.set('user', publicUser);
    c.set('session', session);
    await next();
  };
}
