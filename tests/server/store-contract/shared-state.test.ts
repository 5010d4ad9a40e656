/**
 * Two server instances on one PostgreSQL database, as behind a load balancer
 * with no sticky sessions: each request of a flow goes to the other server.
 * The one-time setup link is the same on both and works once; a code shown
 * through one is paired through the other and delivered once, and of two
 * simultaneous pairings with it one wins; failed logins through either count
 * together and an admin's unlock through one is seen by the other; a password
 * accepted by one takes its two-factor code at the other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { currentTotp } from '../../../src/server/console/accounts/totp';
import { startServer } from '../../../src/server/app';
import { POSTGRES_URL, freshSchema } from './dialects';

type Server = Awaited<ReturnType<typeof startServer>>;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startTwo() {
  const schema = freshSchema();
  // Both need the same feed key and TOTP key: a shared data directory, as the README asks.
  const dataDir = mkdtempSync(join(tmpdir(), 'shared-state-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const start = async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const server = await startServer({ dataDir, port: 0, host: '127.0.0.1', databaseUrl: POSTGRES_URL, databaseSchema: schema, logger });
    cleanups.push(() => server.close());
    return { server, lines };
  };
  const a = await start();
  const b = await start();
  return { a, b };
}

interface Session {
  cookie: string;
  csrf: string;
}

/** A request to one server, with the session (if any) made through either. */
async function send(server: Server, method: string, path: string, body?: unknown, session?: Session) {
  const res = await fetch(server.url + path, {
    method,
    headers: {
      Origin: server.url,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(session ? { Cookie: session.cookie, 'X-CSRF-Token': session.csrf } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

const sessionOf = (res: { headers: Headers; body: { csrfToken: string } }): Session => ({
  cookie: (res.headers.getSetCookie().find((c) => c.startsWith('console_session=')) ?? '').split(';')[0]!,
  csrf: res.body.csrfToken,
});

const STRONG = 'quiet harbour lantern 2027';
const pairing = (code: string, id: string) => ({ code, id, hallId: 'hall-county', name: `一楼 ${id}`, staffPin: '135790' });

describe.skipIf(!POSTGRES_URL)('two server instances on one PostgreSQL', () => {
  it('share the setup link, pairing codes, login failures, unlocks and two-factor challenges', { timeout: 120_000 }, async () => {
    const { a, b } = await startTwo();

    // One setup link, printed by both, spent once.
    const linkIn = (lines: string[]) => /console\/setup\?token=([A-Za-z0-9_-]+)/.exec(lines.join('\n'))?.[1];
    await expect.poll(() => linkIn(a.lines)).toBeTruthy();
    await expect.poll(() => linkIn(b.lines)).toBeTruthy();
    const token = linkIn(a.lines)!;
    expect(linkIn(b.lines)).toBe(token);
    expect((await send(b.server, 'GET', `/api/console/setup?token=${token}`)).body).toEqual({ valid: true });
    const weak = await send(a.server, 'POST', '/api/console/setup', { token, username: 'chief', password: '123456' });
    expect(weak.status).toBe(422);
    const created = await send(b.server, 'POST', '/api/console/setup', { token, username: 'chief', password: STRONG });
    expect(created.status).toBe(201);
    expect((await send(a.server, 'POST', '/api/console/setup', { token, username: 'chief2', password: STRONG })).status).toBe(403);
    expect((await send(a.server, 'GET', `/api/console/setup?token=${token}`)).body).toEqual({ valid: false });
    const admin = sessionOf(created);

    // Two-factor enrolment started through one server, confirmed through the other.
    const started = await send(a.server, 'POST', '/api/console/account/totp/start', undefined, admin);
    expect(started.status).toBe(200);
    const secret = started.body.secret as string;
    const confirmed = await send(b.server, 'POST', '/api/console/account/totp/confirm', { code: currentTotp(secret, new Date()) }, admin);
    expect(confirmed.status).toBe(200);

    // Pairing: shown through A, entered through A and B at the same moment, delivered through B once.
    const shown = await send(a.server, 'POST', '/api/kiosk/pairing');
    expect(shown.status).toBe(201);
    const { code, secret: kioskSecret } = shown.body as { code: string; secret: string };
    const poll = (server: Server) =>
      fetch(`${server.url}/api/kiosk/pairing/status`, { method: 'POST', headers: { Authorization: `Bearer ${kioskSecret}` } });
    expect((await poll(b.server)).status).toBe(202);
    const [viaA, viaB] = await Promise.all([
      send(a.server, 'POST', '/api/console/kiosks/pair', pairing(code, 'kiosk-via-a'), admin),
      send(b.server, 'POST', '/api/console/kiosks/pair', pairing(code, 'kiosk-via-b'), admin),
    ]);
    expect([viaA.status, viaB.status].sort()).toEqual([201, 422]);
    const winner = viaA.status === 201 ? 'kiosk-via-a' : 'kiosk-via-b';
    expect((viaA.status === 201 ? viaB : viaA).body.problems[0]).toEqual({
      field: 'code',
      message: '此配对码已经用过：每个配对码只能使用一次',
    });
    const delivered = await poll(b.server);
    expect(delivered.status).toBe(200);
    expect((await delivered.json()).config.kioskId).toBe(winner);
    expect((await poll(a.server)).status).toBe(410);
    const kiosks = (await send(b.server, 'GET', '/api/console/kiosks', undefined, admin)).body.kiosks as { id: string }[];
    expect(kiosks.map((k) => k.id)).toEqual([winner]);

    // Failed logins through both count together; the unlock through one frees the account on the other.
    const clerk = await send(b.server, 'POST', '/api/console/users', { username: 'clerk', password: STRONG, role: 'editor' }, admin);
    expect(clerk.status).toBe(201);
    const login = (server: Server, password: string) => send(server, 'POST', '/api/console/login', { username: 'clerk', password });
    const failures = await Promise.all([a, b, a, b, a].map(({ server }) => login(server, 'wrong password')));
    expect(failures.map((f) => f.status)).toEqual([401, 401, 401, 401, 401]);
    const delayedB = await login(b.server, STRONG);
    expect(delayedB.status).toBe(429);
    expect(Number(delayedB.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login(a.server, STRONG)).status).toBe(429);
    const listed = (await send(a.server, 'GET', '/api/console/users', undefined, admin)).body.users as {
      id: string;
      username: string;
      failedLogins: number;
      lockedUntil: string | null;
    }[];
    const clerkRow = listed.find((u) => u.username === 'clerk')!;
    expect(clerkRow.failedLogins).toBe(5);
    expect(clerkRow.lockedUntil).not.toBeNull();
    expect((await send(b.server, 'POST', `/api/console/users/${clerkRow.id}/unlock`, {}, admin)).status).toBe(200);
    expect((await login(a.server, STRONG)).status).toBe(200);

    // Password through A, two-factor code through B. The next period's code: the enrolment used this one.
    const password = await send(a.server, 'POST', '/api/console/login', { username: 'chief', password: STRONG });
    expect(password.body.secondFactor).toBe('totp');
    const code2 = currentTotp(secret, new Date(Date.now() + 30_000));
    const signedIn = await send(b.server, 'POST', '/api/console/login/totp', { challenge: password.body.challenge, code: code2 });
    expect(signedIn.status).toBe(200);
    // A challenge is used once, whichever server is asked.
    const again = await send(a.server, 'POST', '/api/console/login/totp', { challenge: password.body.challenge, code: code2 });
    expect(again.status).toBe(401);

    // Wrong pairing codes through both slow everyone: the 11th guess waits.
    const wrong = code === '00000000' ? '00000001' : '00000000';
    for (let i = 0; i < 10; i++) {
      const guess = await send(i % 2 ? a.server : b.server, 'POST', '/api/console/kiosks/pair', pairing(wrong, 'kiosk-x'), admin);
      expect(guess.status).toBe(422);
    }
    expect((await send(a.server, 'POST', '/api/console/kiosks/pair', pairing(wrong, 'kiosk-x'), admin)).status).toBe(429);
  });
});
