/**
 * Turns a stream of validated snapshot records into ready-to-store blocks
 * (JSON text per block) and per-type indexes. Pure and DOM-free, so it runs in
 * the snapshot worker as well as on the main thread: the expensive part of a
 * snapshot (stringifying ~25 MB of records, building guide summaries) then
 * happens off the page's thread, and the store only writes strings.
 */
import type { ContentRecord, RecordType } from '../../shared/content';
import { indexRecord } from './block-writer';
import { BLOCK_RECORDS, emptyIndex, type TypeIndex } from './layout';

export interface PreparedBlock {
  type: RecordType;
  n: number;
  /** Ids in the same order as the records in `json`. */
  ids: string[];
  json: string;
}

/** What the store consumes to stage a snapshot: one start, any number of block batches, one end. */
export type SnapshotBlockEvent =
  | {
      kind: 'start';
      seq: number;
      hall: string | null;
      total: number;
      /** Format 2: the log's epoch the snapshot belongs to. */ epoch?: string | null;
    }
  | { kind: 'blocks'; blocks: PreparedBlock[]; records: number }
  | { kind: 'end'; indexes: [RecordType, TypeIndex][] };

interface OpenBlock {
  n: number;
  ids: string[];
  records: ContentRecord[];
}

export class SnapshotBlockBuilder {
  private readonly open = new Map<RecordType, OpenBlock>();
  private readonly blockCount: Map<RecordType, number>;
  private readonly indexes = new Map<RecordType, TypeIndex>();
  private ready: PreparedBlock[] = [];
  private readyRecords = 0;

  /** `firstBlock`: per type, the block number to start at (when another builder fills the blocks before it). */
  constructor(firstBlock?: Map<RecordType, number>) {
    this.blockCount = new Map(firstBlock);
  }

  add(record: ContentRecord): void {
    const type = record.type;
    let index = this.indexes.get(type);
    if (!index) this.indexes.set(type, (index = emptyIndex(type)));
    let block = this.open.get(type);
    if (!block) {
      const n = this.blockCount.get(type) ?? 0;
      this.blockCount.set(type, n + 1);
      this.open.set(type, (block = { n, ids: [], records: [] }));
    }
    block.ids.push(record.id);
    block.records.push(record);
    index.blockOf[record.id] = block.n;
    indexRecord(index, record);
    if (block.records.length >= BLOCK_RECORDS[type]) this.close(type, block);
  }

  private close(type: RecordType, block: OpenBlock): void {
    this.open.delete(type);
    this.indexes.get(type)!.blockSizes[block.n] = block.records.length;
    this.ready.push({ type, n: block.n, ids: block.ids, json: JSON.stringify(block.records) });
    this.readyRecords += block.records.length;
  }

  /** Records in finished blocks not yet taken. */
  get pendingRecords(): number {
    return this.readyRecords;
  }

  takeBlocks(): Extract<SnapshotBlockEvent, { kind: 'blocks' }> {
    const out = { kind: 'blocks' as const, blocks: this.ready, records: this.readyRecords };
    this.ready = [];
    this.readyRecords = 0;
    return out;
  }

  /** Closes the partly filled blocks; call takeBlocks() after it, then end(). */
  finish(): void {
    for (const [type, block] of [...this.open]) this.close(type, block);
  }

  end(): Extract<SnapshotBlockEvent, { kind: 'end' }> {
    return { kind: 'end', indexes: [...this.indexes] };
  }
}

/** Blocks for records already in memory (the store's applySnapshot), in batches of about `batchRecords`. */
export function* blocksOfRecords(
  seq: number,
  hall: string | null,
  records: ContentRecord[],
  batchRecords: number,
  epoch: string | null = null,
): Generator<SnapshotBlockEvent> {
  yield { kind: 'start', seq, hall, epoch, total: records.length };
  const builder = new SnapshotBlockBuilder();
  for (const record of records) {
    builder.add(record);
    if (builder.pendingRecords >= batchRecords) yield builder.takeBlocks();
  }
  builder.finish();
  if (builder.pendingRecords > 0) yield builder.takeBlocks();
  yield builder.end();
}

/** Blocks a builder fills for `counts` records per type (it fills each type's blocks in turn). */
export function blocksNeeded(counts: Map<RecordType, number>): Map<RecordType, number> {
  return new Map([...counts].map(([type, count]) => [type, Math.ceil(count / BLOCK_RECORDS[type])]));
}

/** Joins the indexes of builders that filled disjoint block ranges of the same snapshot. */
export function mergeIndexes(parts: [RecordType, TypeIndex][][]): [RecordType, TypeIndex][] {
  const merged = new Map<RecordType, TypeIndex>();
  for (const part of parts) {
    for (const [type, index] of part) {
      const into = merged.get(type);
      if (!into) {
        merged.set(type, { ...index, blockSizes: [...index.blockSizes] });
        continue;
      }
      Object.assign(into.blockOf, index.blockOf);
      index.blockSizes.forEach((size, n) => (into.blockSizes[n] = size));
      if (index.summaries) into.summaries = Object.assign(into.summaries ?? {}, index.summaries);
      if (index.media) into.media = Object.assign(into.media ?? {}, index.media);
    }
  }
  // A block number no part used stays empty rather than a hole.
  for (const index of merged.values()) for (let n = 0; n < index.blockSizes.length; n++) index.blockSizes[n] ??= 0;
  return [...merged];
}
