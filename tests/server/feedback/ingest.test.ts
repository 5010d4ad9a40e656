import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../console/support/harness';
import { badRating, batch, postBatch, rating, registerKiosk } from './support';

let h: Harness;
let token: string;
beforeEach(async () => {
  h = await startHarness();
  token = await registerKiosk(h, 'kiosk-county-1');
});
afterEach(async () => {
  await h.close();
});

const store = () => h.console.feedback.store;

describe('feedback ingest: exactly once', () => {
  it('stores a batch once; the same batch again is reported as duplicates and changes nothing', async () => {
    const items = [rating(h, 'kiosk-county-1'), badRating(h, 'kiosk-county-1'), rating(h, 'kiosk-county-1', { level: 5 })];
    const first = await postBatch(h, token, batch(h, 'kiosk-county-1', items));
    expect(first.status).toBe(200);
    expect(first.body.stored).toHaveLength(3);
    expect(first.body.rejected).toEqual([]);
    const again = await postBatch(h, token, batch(h, 'kiosk-county-1', items));
    expect(again.body).toMatchObject({ stored: [], duplicates: items.map((i) => i.id), rejected: [] });
    expect(await store().countRatings()).toBe(3);
    // The same id twice inside one batch is stored once too.
    const one = rating(h, 'kiosk-county-1');
    const twice = await postBatch(h, token, batch(h, 'kiosk-county-1', [one, one]));
    expect(twice.body).toMatchObject({ stored: [one.id], duplicates: [one.id] });
    expect(await store().countRatings()).toBe(4);
  });

  it('opens a case for a bad rating, due 15 working days later, and none for a good one', async () => {
    h.clock.set('2026-09-30T10:00:00+08:00'); // the eve of the national-day holiday
    const bad = badRating(h, 'kiosk-county-1', { at: new Date(h.clock.ms).toISOString() });
    const good = rating(h, 'kiosk-county-1', { at: new Date(h.clock.ms).toISOString() });
    await postBatch(h, token, batch(h, 'kiosk-county-1', [bad, good]));
    const cases = await store().listCases({ departments: null });
    expect(cases).toHaveLength(1);
    // 10-08, 10-09, 10-10 (make-up Saturday), then 10-12 … 10-16, 10-19 … 10-23, 10-26, 10-27: the 15th.
    expect(cases[0]).toMatchObject({
      sourceId: bad.id,
      departmentId: 'dept-mz',
      state: 'pending',
      dueDate: '2026-10-27',
      phone: '13812345678',
    });
  });

  it('folds usage into daily counts and keeps only the words of searches that found nothing', async () => {
    const usage = (extra: Record<string, unknown>) => ({
      id: randomUUID(),
      kind: 'usage',
      kioskId: 'kiosk-county-1',
      at: new Date(h.clock.ms).toISOString(),
      ...extra,
    });
    const res = await postBatch(
      h,
      token,
      batch(h, 'kiosk-county-1', [
        usage({ event: 'visit' }),
        usage({ event: 'visit' }),
        usage({ event: 'guide', target: 'guide-1' }),
        usage({ event: 'search', results: 3 }),
        usage({ event: 'search', results: 0, query: '给娃办户口' }),
        usage({ event: 'search', results: 5, query: '身份证' }),
      ]),
    );
    expect(res.body.stored).toHaveLength(5);
    expect(res.body.rejected).toEqual([
      { index: 5, id: expect.any(String), problems: [{ field: 'items[5].query', message: '只保留没有结果的搜索词' }] },
    ]);
    const day = '2026-11-23';
    expect(await store().usageByDay({ from: day, to: day, departments: null, event: 'visit' })).toEqual([
      { kioskId: 'kiosk-county-1', day, count: 2 },
    ]);
    expect(await store().topTargets({ from: day, to: day, departments: null, event: 'search-zero', limit: 10 })).toEqual([
      { target: '给娃办户口', count: 1 },
    ]);
  });
});

describe('feedback ingest: bad input', () => {
  it('stores the good items of a partly bad batch and names the field of each bad one', async () => {
    const good = rating(h, 'kiosk-county-1');
    const items = [
      good,
      rating(h, 'kiosk-county-1', { level: 6 }),
      badRating(h, 'kiosk-county-1', { text: '长'.repeat(501) }),
      badRating(h, 'kiosk-county-1', { phone: '12345' }),
      rating(h, 'kiosk-county-1', { at: new Date(h.clock.ms + 3600_000).toISOString() }),
      rating(h, 'kiosk-other'),
      { id: 'not-a-uuid', kind: 'rating' },
      rating(h, 'kiosk-county-1', { at: '2026-11-23 10:00' }),
    ];
    const res = await postBatch(h, token, batch(h, 'kiosk-county-1', items));
    expect(res.status).toBe(200);
    expect(res.body.stored).toEqual([good.id]);
    const fields = Object.fromEntries(
      res.body.rejected.map((r: { index: number; problems: { field: string }[] }) => [r.index, r.problems.map((p) => p.field)]),
    );
    expect(fields[1]).toEqual(['items[1].level']);
    expect(fields[2]).toEqual(['items[2].text']);
    expect(fields[3]).toEqual(['items[3].phone']);
    expect(fields[4]).toEqual(['items[4].at']);
    expect(fields[5]).toEqual(['items[5].kioskId']);
    expect(fields[6]).toEqual(
      expect.arrayContaining(['items[6].id', 'items[6].kioskId', 'items[6].at', 'items[6].level', 'items[6].subject']),
    );
    expect(fields[7]).toEqual(['items[7].at']);
    expect(res.body.rejected.find((r: { index: number }) => r.index === 2).problems[0].message).toBe('不能超过 500 个字符');
    expect(await store().countRatings()).toBe(1);
    expect(await store().listCases({ departments: null })).toEqual([]);
  });

  it('refuses a kiosk posting as another kiosk, storing nothing', async () => {
    const res = await postBatch(h, token, batch(h, 'kiosk-county-2', [rating(h, 'kiosk-county-2')]));
    expect(res.status).toBe(403);
    expect(res.body.problems).toEqual([{ field: 'kioskId', message: expect.stringContaining('kiosk-county-1') }]);
    expect(await store().countRatings()).toBe(0);
  });

  it('refuses unknown and revoked tokens', async () => {
    expect((await postBatch(h, 'x'.repeat(43), batch(h, 'kiosk-county-1', [rating(h, 'kiosk-county-1')]))).status).toBe(401);
    const admin = await h.login('admin');
    await admin.json('POST', '/api/console/kiosks/kiosk-county-1/token', { staffPin: '246813' });
    const revoked = await postBatch(h, token, batch(h, 'kiosk-county-1', [rating(h, 'kiosk-county-1')]));
    expect(revoked.status).toBe(401);
    expect(revoked.body.field).toBe('authorization');
    const other = await registerKiosk(h, 'kiosk-county-2');
    await admin.json('DELETE', '/api/console/kiosks/kiosk-county-2');
    expect((await postBatch(h, other, batch(h, 'kiosk-county-2', [rating(h, 'kiosk-county-2')]))).status).toBe(401);
    expect(await store().countRatings()).toBe(0);
  });

  it('refuses malformed, empty, oversized and over-long batches with the reason', async () => {
    const malformed = await postBatch(h, token, null, '{"kioskId": "kiosk-county-1", "items": [');
    expect(malformed.status).toBe(400);
    const empty = await postBatch(h, token, batch(h, 'kiosk-county-1', []));
    expect(empty.status).toBe(422);
    expect(empty.body.problems).toEqual([{ field: 'items', message: '不能为空' }]);
    const tooMany = await postBatch(
      h,
      token,
      batch(
        h,
        'kiosk-county-1',
        Array.from({ length: 501 }, () => rating(h, 'kiosk-county-1')),
      ),
    );
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.problems[0].field).toBe('items');
    const huge = await postBatch(h, token, batch(h, 'kiosk-county-1', [rating(h, 'kiosk-county-1', { text: 'x'.repeat(600_000) })]));
    expect(huge.status).toBe(413);
    expect(huge.body.field).toBe('items');
    expect(await store().countRatings()).toBe(0);
  });

  it('limits the rate per kiosk with Retry-After', async () => {
    let limited: Awaited<ReturnType<typeof postBatch>> | null = null;
    for (let i = 0; i < 80 && !limited; i++) {
      const res = await postBatch(h, token, batch(h, 'kiosk-county-1', [rating(h, 'kiosk-county-1')]));
      if (res.status === 429) limited = res;
    }
    expect(limited?.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another kiosk is not held back by the first.
    const other = await registerKiosk(h, 'kiosk-county-2');
    expect((await postBatch(h, other, batch(h, 'kiosk-county-2', [rating(h, 'kiosk-county-2')]))).status).toBe(200);
  });
});
