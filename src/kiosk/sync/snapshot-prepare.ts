/**
 * The CPU-heavy half of a snapshot apply: signature over the whole body, JSON
 * parse, schema validation of every record, and serialising the records into
 * store blocks. DOM-free, so the snapshot worker runs it; the main thread runs
 * it too where there is no Worker (tests, old browsers).
 *
 * Blocks are emitted in batches while later records are still being validated,
 * so the store can stage them meanwhile. Staged blocks are invisible: the store
 * switches to them only after the 'end' event, i.e. after the signature
 * verified and every record validated. Any failure throws FeedRejectedError.
 */
import { kioskLog } from '../log/kiosk-log';
import type { Snapshot } from '../../shared/feed/protocol';
import { isRecordType, type RecordType } from '../../shared/content';
import { blocksNeeded, SnapshotBlockBuilder, type SnapshotBlockEvent } from '../store/snapshot-blocks';
import { countTypesIn, parseShare } from './snapshot-split';
import {
  checkFormatVersion,
  FeedRejectedError,
  isSeq,
  isUnknownRecordType,
  parseJson,
  validatedRecord,
  verifySignature,
  type SignatureHeaders,
} from './verify';

export type SnapshotStage = 'signature-checked' | 'parsed' | 'validated';
export type PrepareEvent = SnapshotBlockEvent | { kind: 'stage'; stage: SnapshotStage };

export interface PrepareOptions {
  /** Records per 'blocks' event: small enough that the store starts writing early. */
  batchRecords?: number;
  /** Called between slices of work with the time the slice took (the main thread yields here). */
  betweenSlices?: (busyMs: number) => Promise<void> | void;
  /**
   * Validate only one share of the records (two workers split a snapshot). Share 0 checks the signature
   * and announces the snapshot ('start'); the others number their blocks after the earlier shares'.
   */
  share?: { index: number; of: number };
}

const SLICE_RECORDS = 1000;
const epochOf = (raw: Partial<Snapshot>) => (typeof raw.epoch === 'string' ? raw.epoch : null);
const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export async function prepareSnapshot(
  body: Uint8Array,
  signature: SignatureHeaders,
  publicKeyB64: string,
  emit: (event: PrepareEvent) => void,
  options: PrepareOptions = {},
): Promise<void> {
  const batchRecords = options.batchRecords ?? 2500;
  let sliceStart = now();
  const endSlice = async () => {
    await options.betweenSlices?.(now() - sliceStart);
    sliceStart = now();
  };

  const share = options.share ?? { index: 0, of: 1 };
  if (share.index === 0) {
    await verifySignature(body, signature, publicKeyB64, '快照');
    emit({ kind: 'stage', stage: 'signature-checked' });
    await endSlice();
  }
  // Each share parses only its slice of the records where the body has the server's shape
  // (./snapshot-split.ts proves the slices join into the whole); otherwise the whole body.
  const split = share.of > 1 ? parseShare(body, share) : null;
  const raw = (split ? split.head : parseJson(body, '快照')) as Partial<Snapshot> | null;
  emit({ kind: 'stage', stage: 'parsed' });
  await endSlice();
  if (!raw || typeof raw !== 'object') throw new FeedRejectedError('format', '快照不是对象，已拒绝。');
  checkFormatVersion(raw, '快照');
  if (!isSeq(raw.seq) || !Array.isArray(raw.records)) throw new FeedRejectedError('format', '快照缺少 seq 或 records，已拒绝。');

  let entries: { type?: unknown; id?: unknown; record?: unknown }[];
  let from: number;
  let to: number;
  let unknown = 0;
  // Blocks before this share: what the builders of the earlier shares fill, each type's in turn.
  const before = new Map<RecordType, number>();
  if (split) {
    entries = split.entries as typeof entries;
    from = 0;
    to = entries.length;
    // The total is only for progress (the store counts what it applied); the server's count is it.
    if (share.index === 0)
      emit({ kind: 'start', seq: raw.seq, hall: raw.hall ?? null, epoch: epochOf(raw), total: isSeq(raw.count) ? raw.count : 0 });
    if (share.index > 0) {
      const counts = countTypesIn(body, split.before.from, split.before.to, isRecordType) as Map<RecordType, number>;
      for (const [type, blocks] of blocksNeeded(counts)) before.set(type, blocks);
    }
  } else {
    entries = raw.records as typeof entries;
    let unknownAll = 0;
    for (const e of entries) if (isUnknownRecordType(e?.type)) unknownAll++;
    if (share.index === 0)
      emit({ kind: 'start', seq: raw.seq, hall: raw.hall ?? null, epoch: epochOf(raw), total: entries.length - unknownAll });
    const bound = (k: number) => Math.floor((entries.length * k) / share.of);
    from = bound(share.index);
    to = bound(share.index + 1);
    for (let k = 0; k < share.index; k++) {
      const counts = new Map<RecordType, number>();
      for (let i = bound(k); i < bound(k + 1); i++) {
        const type = entries[i]?.type;
        if (isRecordType(type)) counts.set(type, (counts.get(type) ?? 0) + 1);
      }
      for (const [type, blocks] of blocksNeeded(counts)) before.set(type, (before.get(type) ?? 0) + blocks);
    }
  }
  const builder = new SnapshotBlockBuilder(before);
  for (let i = from; i < to; i++) {
    const e = entries[i];
    if (isUnknownRecordType(e?.type)) {
      unknown++;
      continue;
    }
    builder.add(
      validatedRecord(
        e?.type,
        e?.id,
        e?.record,
        split && share.index > 0 ? `records（第 ${share.index + 1} 段第 ${i + 1} 条）` : `records[${i}]`,
      ),
    );
    // Free the parsed input as we go: the whole body is ~25 MB of objects on a kiosk with little memory.
    entries[i] = undefined as never;
    if (builder.pendingRecords >= batchRecords) emit(builder.takeBlocks());
    if (i % SLICE_RECORDS === SLICE_RECORDS - 1) await endSlice();
  }
  builder.finish();
  emit({ kind: 'stage', stage: 'validated' });
  if (unknown > 0) kioskLog.info(`snapshot: skipped ${unknown} records of types this kiosk does not know yet (newer server)`);
  if (builder.pendingRecords > 0) emit(builder.takeBlocks());
  emit(builder.end());
  await endSlice();
}
