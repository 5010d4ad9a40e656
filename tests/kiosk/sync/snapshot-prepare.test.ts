/**
 * The snapshot preparation that runs in the workers (here on Node's main thread, the same code):
 * two shares split between workers must produce exactly the blocks and index one share does, and a
 * bad record in either share, or a bad signature, must fail the whole snapshot.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signerFor } from '../../../src/server/feed/signing';
import { mergeIndexes, type PreparedBlock } from '../../../src/kiosk/store/snapshot-blocks';
import { prepareSnapshot, type PrepareEvent } from '../../../src/kiosk/sync/snapshot-prepare';
import { parseShare } from '../../../src/kiosk/sync/snapshot-split';
import { FeedRejectedError } from '../../../src/kiosk/sync/verify';
import { fee, smallContent, snapshotOf } from '../store/fixtures';

const signer = signerFor(generateKeyPairSync('ed25519').privateKey);
const signed = (value: unknown) => {
  const body = new TextEncoder().encode(JSON.stringify(value));
  return { body, signature: { signature: signer.sign(body), keyId: signer.keyId } };
};

async function prepare(value: unknown, of: number) {
  const { body, signature } = signed(value);
  const events: PrepareEvent[][] = [];
  for (let index = 0; index < of; index++) {
    const mine: PrepareEvent[] = [];
    await prepareSnapshot(body, signature, signer.publicKey, (e) => mine.push(e), { share: { index, of }, batchRecords: 300 });
    events.push(mine);
  }
  const blocks = events
    .flat()
    .filter((e): e is Extract<PrepareEvent, { kind: 'blocks' }> => e.kind === 'blocks')
    .flatMap((e) => e.blocks);
  const ends = events.map((list) => list.find((e): e is Extract<PrepareEvent, { kind: 'end' }> => e.kind === 'end')!.indexes);
  const key = (b: PreparedBlock) => `${b.type}:${b.n}`;
  return {
    blocks: Object.fromEntries(blocks.map((b) => [key(b), b])),
    indexes: Object.fromEntries(mergeIndexes(ends)),
    starts: events.flat().filter((e) => e.kind === 'start'),
  };
}

describe('prepareSnapshot in shares', () => {
  it('two shares give the same blocks and index as one', async () => {
    // 250 guides (3 blocks of 100), 1,700 fees (3 blocks of 800): shares split inside a type.
    const snapshot = snapshotOf(smallContent(250, 1700), 9);
    const one = await prepare(snapshot, 1);
    const two = await prepare(snapshot, 2);
    expect(Object.keys(two.blocks).sort()).toEqual(Object.keys(one.blocks).sort());
    // Block contents may be cut differently at the share boundary, but every record is in the block the index names.
    for (const { indexes, blocks } of [one, two]) {
      for (const [type, index] of Object.entries(indexes)) {
        for (const [id, n] of Object.entries(index.blockOf)) expect(blocks[`${type}:${n}`]!.ids).toContain(id);
        expect(index.blockSizes.reduce((a, b) => a + b, 0)).toBe(Object.keys(index.blockOf).length);
        index.blockSizes.forEach((size, n) => expect(blocks[`${type}:${n}`]?.ids.length ?? 0).toBe(size));
      }
    }
    expect(Object.keys(two.indexes.guide!.blockOf).sort()).toEqual(Object.keys(one.indexes.guide!.blockOf).sort());
    expect(two.indexes.guide!.summaries).toEqual(one.indexes.guide!.summaries);
    expect(two.starts).toHaveLength(1);
  });

  it('a bad record in the second share, or a flipped byte, fails the snapshot', async () => {
    const bad = { ...fee('f-zz'), amount: { kind: 'fixed', fen: -1 } } as never;
    const snapshot = snapshotOf([...smallContent(10, 10), bad], 3);
    const { body, signature } = signed(snapshot);
    const second = prepareSnapshot(body, signature, signer.publicKey, () => {}, { share: { index: 1, of: 2 } });
    await expect(second).rejects.toThrow(/fee\/f-zz.*amount\.fen/);
    const flipped = body.slice();
    flipped[40]! ^= 1;
    const first = prepareSnapshot(flipped, signature, signer.publicKey, () => {}, { share: { index: 0, of: 2 } }).catch((e: unknown) => e);
    expect(await first).toBeInstanceOf(FeedRejectedError);
  });

  it('each share parses only its slice of the records, and falls back to the whole body when a boundary is not between records', async () => {
    const snapshot = snapshotOf(smallContent(250, 1700), 9);
    const { body } = signed(snapshot);
    const halves = [0, 1].map((index) => parseShare(body, { index, of: 2 })!);
    expect(halves[0]!.entries.length + halves[1]!.entries.length).toBe(snapshot.records.length);
    // The first share also checks the signature, so it gets fewer records.
    expect(halves[0]!.entries.length).toBeLessThan(halves[1]!.entries.length);
    expect([...halves[0]!.entries, ...halves[1]!.entries]).toEqual(JSON.parse(JSON.stringify(snapshot.records)));
    // Records whose nested objects start with "type" put a candidate boundary inside a record:
    // both shares then refuse the split (and prepareSnapshot parses the whole body), never a wrong half.
    const tricky = {
      ...snapshot,
      records: snapshot.records.map((e) => ({
        type: e.type,
        id: e.id,
        record: e.record,
        x: Array.from({ length: 40 }, () => ({ type: 'fee', y: 1 })),
      })),
    };
    const trickyBody = new TextEncoder().encode(JSON.stringify(tricky));
    for (const index of [0, 1]) {
      const part = parseShare(trickyBody, { index, of: 2 });
      expect(part).toBeNull();
    }
    // A body not in the server's shape (records not last) is parsed whole and still splits the same.
    const { records, ...fields } = snapshot;
    const reordered = { records, ...fields };
    expect(parseShare(signed(reordered).body, { index: 0, of: 2 })).toBeNull();
    const two = await prepare(reordered, 2);
    expect(Object.values(two.indexes).reduce((n, index) => n + Object.keys(index.blockOf).length, 0)).toBe(snapshot.records.length);
  });
});
