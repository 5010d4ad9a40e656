/**
 * `npm run feed:export` runs with a new exporter each time (a cron job). A hall
 * whose content did not change keeps its snapshot and pages (no new snapshot
 * file, nothing re-signed but the head, whose expiry moves on); a hall with a
 * new change gets a new snapshot.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../../src/kiosk/sync/verify';
import { createFeedExporter } from '../../../src/server/feed/export/export-feed';
import { loadOrCreateSigner } from '../../../src/server/feed/signing';
import { openSqliteStore } from '../../../src/server/store/sqlite-store';
import type { ContentRecord } from '../../../src/shared/content';
import {
  STATIC_PAGES_DIR,
  STATIC_SNAPSHOTS_DIR,
  staticHeadPath,
  type SignedEnvelope,
  type StaticFeedHead,
} from '../../../src/shared/feed/static-feed';
import { hall, notice, smallContent } from '../../kiosk/store/fixtures';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('repeated one-shot exports', () => {
  it('keep the files of halls whose content did not change and only re-sign their heads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'export-unchanged-'));
    dirs.push(dir);
    const dataDir = join(dir, 'data');
    const outDir = join(dir, 'out');
    const store = openSqliteStore({ dataDir });
    const signer = loadOrCreateSigner(dataDir);
    let clock = Date.parse('2026-12-02T09:00:00+08:00');
    const publish = (records: ContentRecord[]) =>
      store.publish(
        records.map((record) => ({ op: 'put' as const, record })),
        { actor: 'test', now: new Date(clock) },
      );
    const exportNow = () => createFeedExporter({ store, signer, outDir, now: () => new Date(clock) }).run();
    const headOf = (id: string) => {
      const envelope = JSON.parse(readFileSync(join(outDir, staticHeadPath(id)), 'utf8')) as SignedEnvelope;
      return { envelope, head: JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as StaticFeedHead };
    };
    const files = () => [STATIC_SNAPSHOTS_DIR, STATIC_PAGES_DIR].flatMap((sub) => readdirSync(join(outDir, sub)).sort());

    try {
      await publish([...smallContent(5, 5), hall('hall-town', { name: '城关镇便民服务中心' })]);
      const first = await exportNow();
      expect(first.halls.map((h) => [h.hall, h.unchanged])).toEqual([
        ['hall-county', false],
        ['hall-town', false],
      ]);
      const firstCounty = headOf('hall-county').head;
      const firstTown = headOf('hall-town').head;
      const firstFiles = files();

      // Ten minutes on, nothing published: no new files, the same links, a later expiry on a valid signature.
      clock += 10 * 60_000;
      const second = await exportNow();
      expect(second.halls.every((h) => h.unchanged)).toBe(true);
      expect(second.written).toBe(0);
      expect(files()).toEqual(firstFiles);
      const { envelope, head } = headOf('hall-county');
      expect(head.static).toEqual(firstCounty.static);
      expect(head.logSeq).toBe(firstCounty.logSeq);
      expect(Date.parse(head.expiresAt!)).toBe(Date.parse(firstCounty.expiresAt!) + 10 * 60_000);
      await verifySignature(Buffer.from(envelope.payload, 'base64'), envelope, signer.publicKey, 'head');
      const snapshotBytes = readFileSync(join(outDir, head.static.snapshot.path));
      await verifySignature(
        snapshotBytes,
        { signature: head.static.snapshot.signature, keyId: envelope.keyId },
        signer.publicKey,
        'snapshot',
      );

      // A notice for the town hall only: the town hall gets a new snapshot, the county hall keeps its files.
      clock += 60_000;
      await publish([notice('n-town', { scope: 'hall:hall-town', title: '镇中心周六照常办公' })]);
      const third = await exportNow();
      expect(third.halls.map((h) => [h.hall, h.unchanged])).toEqual([
        ['hall-county', true],
        ['hall-town', false],
      ]);
      expect(third.written).toBeGreaterThan(0);
      expect(headOf('hall-county').head.static).toEqual(firstCounty.static);
      const town = headOf('hall-town').head;
      expect(town.static.snapshot.path).not.toBe(firstTown.static.snapshot.path);
      expect(town.seq).toBeGreaterThan(firstTown.seq);
      const townSnapshot = JSON.parse(readFileSync(join(outDir, town.static.snapshot.path), 'utf8')) as {
        records: { record: ContentRecord }[];
      };
      expect(townSnapshot.records.map((r) => r.record.id)).toContain('n-town');
    } finally {
      await store.close();
    }
  });
});
