/** First start seeds the demo dataset in one publish; later starts leave the log alone. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDemoDataset } from '../../../src/server/demo/index';
import type { ServiceGuide } from '../../../src/shared/content';
import type { FeedHead, Snapshot } from '../../../src/shared/feed/protocol';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('demo seeding', () => {
  it('loads the whole demo dataset in one publish on first start, and never again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shk-seed-'));
    dirs.push(dataDir);
    const now = new Date('2026-11-23T02:00:00Z');
    const expected = buildDemoDataset(now);
    server = await startTestServer({ dataDir, seedDemo: true, now: () => now });
    const head = await server.json<FeedHead>('/feed/v1/head');
    expect(head.seq).toBe(expected.records.length);
    // One publish: every change carries the same updatedAt.
    const { changes } = await server.store.changesSince(0, 100_000, null);
    expect(new Set(changes.map((c) => (c.op === 'put' ? c.record.updatedAt : '')))).toEqual(new Set(['2026-11-23T10:00:00.000+08:00']));

    // Every media file the records refer to is served and matches its hash.
    const media = expected.media[0]!;
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(media.bytes).digest('hex');
    expect((await server.get(`/media/${sha}`)).status).toBe(200);

    const county = await server.json<Snapshot>('/feed/v1/snapshot?hall=hall-county');
    const guide = county.records.find((r) => r.type === 'guide')!.record as ServiceGuide;
    const page = await server.get(`/m/guides/${guide.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(guide.name.replace(/&/g, '&amp;'));
    await server.close();
    server = undefined;

    server = await startTestServer({ dataDir, seedDemo: true, now: () => new Date('2026-12-01T00:00:00Z') });
    expect((await server.json<FeedHead>('/feed/v1/head')).seq).toBe(expected.records.length);
  });
});
