/**
 * ShortLivedStore contract (login failures, two-factor challenges, pairing
 * codes, the setup token) on SQLite and PostgreSQL. Each race is run through
 * two store instances on the same data, as two server processes would: the
 * atomic steps must succeed exactly once and counts must lose nothing.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS, openDialect } from './dialects';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 6, minute)).toISOString();

async function twoStores(dialect: (typeof DIALECTS)[number]) {
  const first = await openDialect(dialect);
  const second = await first.reopen();
  return [first.consoleStore, second.consoleStore] as const;
}

describe.each(DIALECTS)('short-lived store contract (%s)', (dialect) => {
  it('counts login failures from two processes at once without losing any, and forgets and clears them', async () => {
    const [a, b] = await twoStores(dialect);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).recordLoginFailure('zhang', 'zhang', at(1), at(0))));
    expect(await a.loginFailures('zhang')).toEqual({ count: 20, lastAt: at(1) });
    // A count whose last failure is older than the forget line starts again.
    expect(await b.recordLoginFailure('zhang', 'zhang', at(30), at(10))).toBe(1);
    await a.recordLoginFailure('zhang#dev1', 'zhang', at(30), at(10));
    await a.recordLoginFailure('li', 'li', at(30), at(10));
    await b.clearLoginFailuresOfAccount('zhang');
    expect(await a.loginFailures('zhang')).toBeNull();
    expect(await a.loginFailures('zhang#dev1')).toBeNull();
    expect((await a.loginFailures('li'))?.count).toBe(1);
    await b.clearLoginFailures('li');
    expect(await a.loginFailures('li')).toBeNull();
    await a.recordLoginFailure('old', 'old', at(1), at(0));
    await a.recordLoginFailure('new', 'new', at(20), at(0));
    await b.forgetLoginState(at(10), at(0));
    expect(await a.loginFailures('old')).toBeNull();
    expect((await a.loginFailures('new'))?.count).toBe(1);
  });

  it('keeps the newest trusted browsers of an account and forgets old ones', async () => {
    const [a, b] = await twoStores(dialect);
    for (let i = 0; i < 4; i++) await a.trustLoginDevice('zhang', `dev${i}`, at(i), 3);
    expect(await b.isTrustedLoginDevice('zhang', 'dev0')).toBe(false);
    expect(await b.isTrustedLoginDevice('zhang', 'dev3')).toBe(true);
    expect(await b.isTrustedLoginDevice('li', 'dev3')).toBe(false);
    await b.forgetLoginState(at(0), at(2));
    expect(await a.isTrustedLoginDevice('zhang', 'dev1')).toBe(false);
    expect(await a.isTrustedLoginDevice('zhang', 'dev2')).toBe(true);
  });

  it('hands a two-factor challenge to one taker and counts wrong codes', async () => {
    const [a, b] = await twoStores(dialect);
    const challenge = { userId: 'u1', bucket: 'zhang', account: 'zhang', address: '10.0.0.1', expiresAt: at(5), tries: 0 };
    await a.createLoginChallenge('h1', challenge);
    expect(await b.getLoginChallenge('h1')).toEqual(challenge);
    expect(await Promise.all([a.countLoginChallengeTry('h1'), b.countLoginChallengeTry('h1')])).toEqual(expect.arrayContaining([1, 2]));
    expect((await Promise.all([a.takeLoginChallenge('h1'), b.takeLoginChallenge('h1')])).filter(Boolean)).toHaveLength(1);
    expect(await a.countLoginChallengeTry('h1')).toBe(0);
    await a.createLoginChallenge('h2', { ...challenge, expiresAt: at(1) });
    await b.forgetLoginChallenges(at(2));
    expect(await a.getLoginChallenge('h2')).toBeNull();
  });

  it('lets one of two simultaneous claims of a pairing code win and delivers its configuration once', async () => {
    const [a, b] = await twoStores(dialect);
    expect(await a.insertPairing('12345678', 'secret-hash', at(10))).toBe(true);
    expect(await b.insertPairing('12345678', 'other-hash', at(10))).toBe(false);
    expect(await b.countPairings()).toBe(1);
    expect(await b.claimPairing('12345678', at(11))).toBe(false); // expired by then
    const claims = await Promise.all([a.claimPairing('12345678', at(1)), b.claimPairing('12345678', at(1))]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await a.pairingByCode('12345678')).toMatchObject({ claimed: true, config: null, delivered: false });
    await b.releasePairing('12345678');
    expect((await a.pairingByCode('12345678'))?.claimed).toBe(false);
    expect(await a.claimPairing('12345678', at(1))).toBe(true);
    expect(await b.takePairingConfig('secret-hash')).toBeNull(); // nothing to take yet
    await b.setPairingConfig('12345678', '{"kioskId":"k1"}');
    await a.releasePairing('12345678'); // too late: a configuration exists
    const taken = await Promise.all([a.takePairingConfig('secret-hash'), b.takePairingConfig('secret-hash')]);
    expect(taken.filter((t) => t !== null)).toEqual(['{"kioskId":"k1"}']);
    // Delivered: the token inside is not kept.
    expect(await b.pairingBySecret('secret-hash')).toMatchObject({ claimed: true, config: null, delivered: true });
    await a.forgetPairings(at(10), at(0));
    expect(await b.pairingByCode('12345678')).toBeNull();
  });

  it('counts wrong pairing guesses from every process and forgets old ones', async () => {
    const [a, b] = await twoStores(dialect);
    expect(await a.pairingGuessesSince(at(0))).toEqual({ count: 0, lastAt: null });
    await Promise.all([a.recordPairingGuess(at(1)), b.recordPairingGuess(at(3)), a.recordPairingGuess(at(2))]);
    expect(await b.pairingGuessesSince(at(0))).toEqual({ count: 3, lastAt: at(3) });
    expect(await b.pairingGuessesSince(at(1))).toEqual({ count: 2, lastAt: at(3) });
    await a.forgetPairings(at(0), at(2));
    expect(await b.pairingGuessesSince(at(0))).toEqual({ count: 1, lastAt: at(3) });
  });

  it('keeps one setup token for every process and lets it be spent once', async () => {
    const [a, b] = await twoStores(dialect);
    expect(await a.setupToken()).toBeNull();
    const offered = await Promise.all([a.offerSetupToken('token-a', at(0)), b.offerSetupToken('token-b', at(0))]);
    expect(offered[0]).toBe(offered[1]);
    const token = offered[0]!;
    expect(await b.setupToken()).toBe(token);
    expect(await a.takeSetupToken('not-it')).toBe(false);
    expect((await Promise.all([a.takeSetupToken(token), b.takeSetupToken(token)])).filter(Boolean)).toHaveLength(1);
    expect(await b.setupToken()).toBeNull();
    expect(await a.offerSetupToken('token-c', at(1))).toBe('token-c');
    await b.clearSetupToken();
    expect(await a.setupToken()).toBeNull();
  });
});
