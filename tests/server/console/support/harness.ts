/**
 * A real console server for tests: SQLite content store and console.db in a
 * temp directory, the console mounted on a Hono app, real HTTP on loopback,
 * and a clock the test moves by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pino from 'pino';
import { hashPassword } from '../../../../src/server/console/accounts/passwords';

let passwordHash: string | undefined;
import { mountConsole, type ConsoleOptions, type MountedConsole } from '../../../../src/server/console/mount';
import type { Role } from '../../../../src/server/console/types';
import type { ContentStore } from '../../../../src/server/store/content-store';
import { openSqliteStore } from '../../../../src/server/store/sqlite-store';
import { createFeedRoutes } from '../../../../src/server/feed/routes';
import { loadOrCreateSigner } from '../../../../src/server/feed/signing';
import { fixtureRecords } from './fixtures';

export const PASSWORD = 'correct horse battery';
export const FEED_KEY = Buffer.alloc(32, 7).toString('base64');

export const USERS: { username: string; role: Role; departments?: string[]; halls?: string[] }[] = [
  { username: 'admin', role: 'admin' },
  { username: 'editor-mz', role: 'editor', departments: ['dept-mz'] },
  { username: 'editor-mz2', role: 'editor', departments: ['dept-mz'] },
  { username: 'editor-cz', role: 'editor', departments: ['dept-cz'] },
  { username: 'reviewer-mz', role: 'reviewer', departments: ['dept-mz'] },
  { username: 'reviewer-cz', role: 'reviewer', departments: ['dept-cz'] },
  { username: 'roster-county', role: 'editor', departments: ['dept-mz'], halls: ['hall-county'] },
];

export interface Harness {
  url: string;
  dataDir: string;
  content: ContentStore;
  console: MountedConsole;
  clock: { ms: number; set(iso: string): void; advance(ms: number): void };
  login(username: string, password?: string): Promise<Agent>;
  close(): Promise<void>;
}

export interface Agent {
  username: string;
  csrf: string;
  cookie: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  json<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

/**
 * requireAdminTotp is off unless a test asks for it: the suite's admin has no
 * authenticator, and the two-factor tests turn the rule on themselves.
 */
export async function startHarness(
  options: { seed?: boolean; users?: boolean; requireAdminTotp?: boolean; console?: Partial<ConsoleOptions>; feed?: boolean } = {},
): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'console-test-'));
  const clock = {
    ms: Date.parse('2026-11-23T10:00:00+08:00'),
    set(iso: string) {
      this.ms = Date.parse(iso);
    },
    advance(ms: number) {
      this.ms += ms;
    },
  };
  const now = () => new Date(clock.ms);
  const content = openSqliteStore({ dataDir });
  if (options.seed !== false)
    await content.publish(
      fixtureRecords().map((record) => ({ op: 'put' as const, record })),
      { actor: 'test', now: now() },
    );
  const app = new Hono();
  if (options.feed) app.route('/feed/v1', createFeedRoutes({ store: content, signer: loadOrCreateSigner(dataDir), now }));
  const mounted = mountConsole({
    content,
    dataDir,
    now,
    feedPublicKey: async () => FEED_KEY,
    schedulerIntervalMs: 0,
    logger: pino({ level: 'silent' }),
    requireAdminTotp: options.requireAdminTotp ?? false,
    ...options.console,
  });
  app.use('/console', mounted.pageHeaders);
  app.use('/console/*', mounted.pageHeaders);
  app.route('/api/console', mounted.api);
  app.route('/api/kiosk', mounted.kioskApi);
  if (options.users !== false) {
    // One scrypt hash shared by all test accounts keeps hundreds of harnesses fast; login still verifies it for real.
    passwordHash ??= await hashPassword(PASSWORD);
    for (const u of USERS) {
      await mounted.consoleStore.createUser({
        id: `user-${u.username}`,
        username: u.username,
        displayName: u.username,
        role: u.role,
        departments: u.departments ?? null,
        halls: u.halls ?? null,
        disabled: false,
        createdAt: now().toISOString(),
        passwordHash,
      });
    }
  }
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve({ server, port: info.port }));
  });
  const url = `http://127.0.0.1:${port}`;

  const request =
    (cookie: string, csrf: string) =>
    (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const isForm = body instanceof FormData;
      return fetch(url + path, {
        method,
        headers: {
          Origin: url,
          ...(cookie ? { Cookie: cookie } : {}),
          ...(csrf ? { 'X-CSRF-Token': csrf } : {}),
          ...(body !== undefined && !isForm ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
      });
    };

  return {
    url,
    dataDir,
    content,
    console: mounted,
    clock,
    async login(username, password = PASSWORD) {
      const res = await request('', '')('POST', '/api/console/login', { username, password });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      const cookie = (res.headers.getSetCookie().find((c) => c.startsWith('console_session=')) ?? '').split(';')[0]!;
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      const send = request(cookie, csrfToken);
      return {
        username,
        csrf: csrfToken,
        cookie,
        request: send,
        async json(method: string, path: string, body?: unknown) {
          const res = await send(method, path, body);
          const text = await res.text();
          return { status: res.status, body: text ? JSON.parse(text) : null };
        },
      };
    },
    async close() {
      await new Promise<void>((done) => {
        server.close(() => done());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await mounted.close();
      await content.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
