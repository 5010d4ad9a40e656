/**
 * Applies record puts and deletes to the block layout inside one caller-owned
 * transaction. Blocks are loaded once, changed in memory, and written back at
 * the end, so a page of 500 changes costs a handful of puts.
 */
import type { IDBPTransaction } from 'idb';
import { mediaReferencedBy, scopeHallId, type ContentRecord, type RecordType, type ServiceGuide } from '../../shared/content';
import type { GuideSummary } from './content-reader';
import { BLOCK_RECORDS, emptyIndex, type Block, type KioskDB, type TypeIndex } from './layout';

type WriteTx = IDBPTransaction<KioskDB, ('blocks' | 'indexes' | 'meta')[], 'readwrite'>;

export function guideSummary(g: ServiceGuide): GuideSummary {
  return {
    id: g.id,
    name: g.name,
    plainName: g.plainName,
    departmentId: g.departmentId,
    audience: g.audience,
    topics: g.topics,
    lifeEvents: g.lifeEvents,
    popularity: g.popularity ?? 0,
    hallId: g.place.hallId ?? scopeHallId(g.scope) ?? undefined,
  };
}

/** Keeps the per-type index's derived data (summaries, media) in step with a record. */
export function indexRecord(index: TypeIndex, record: ContentRecord): void {
  if (record.type === 'guide') (index.summaries ??= {})[record.id] = guideSummary(record);
  const media = mediaReferencedBy(record);
  if (media.length > 0) (index.media ??= {})[record.id] = media;
  else if (index.media) delete index.media[record.id];
}

export function unindexRecord(index: TypeIndex, id: string): void {
  delete index.blockOf[id];
  if (index.summaries) delete index.summaries[id];
  if (index.media) delete index.media[id];
}

interface OpenBlock {
  ids: string[];
  records: unknown[];
  dirty: boolean;
}

export class BlockWriter {
  private readonly indexes = new Map<RecordType, TypeIndex>();
  private readonly blocks = new Map<string, OpenBlock>();

  constructor(
    private readonly tx: WriteTx,
    private readonly generation: number,
  ) {}

  private async index(type: RecordType): Promise<TypeIndex> {
    let index = this.indexes.get(type);
    if (!index) {
      index = (await this.tx.objectStore('indexes').get([this.generation, type])) ?? emptyIndex(type);
      this.indexes.set(type, index);
    }
    return index;
  }

  private async block(type: RecordType, n: number): Promise<OpenBlock> {
    const key = `${type}:${n}`;
    let open = this.blocks.get(key);
    if (!open) {
      const stored = await this.tx.objectStore('blocks').get([this.generation, type, n]);
      open = stored
        ? { ids: stored.ids, records: JSON.parse(stored.json) as unknown[], dirty: false }
        : { ids: [], records: [], dirty: false };
      this.blocks.set(key, open);
    }
    return open;
  }

  async put(record: ContentRecord): Promise<void> {
    const index = await this.index(record.type);
    let n = index.blockOf[record.id];
    if (n === undefined) {
      const last = index.blockSizes.length - 1;
      n = last >= 0 && (index.blockSizes[last] ?? 0) < BLOCK_RECORDS[record.type] ? last : index.blockSizes.length;
      index.blockSizes[n] = (index.blockSizes[n] ?? 0) + 1;
      index.blockOf[record.id] = n;
      const block = await this.block(record.type, n);
      block.ids.push(record.id);
      block.records.push(record);
      block.dirty = true;
    } else {
      const block = await this.block(record.type, n);
      const at = block.ids.indexOf(record.id);
      if (at >= 0) block.records[at] = record;
      else {
        block.ids.push(record.id);
        block.records.push(record);
      }
      block.dirty = true;
    }
    indexRecord(index, record);
  }

  async delete(type: RecordType, id: string): Promise<void> {
    const index = await this.index(type);
    const n = index.blockOf[id];
    if (n === undefined) return; // deleting what the kiosk never had is not an error
    const block = await this.block(type, n);
    const at = block.ids.indexOf(id);
    if (at >= 0) {
      block.ids.splice(at, 1);
      block.records.splice(at, 1);
      block.dirty = true;
    }
    index.blockSizes[n] = Math.max(0, (index.blockSizes[n] ?? 1) - 1);
    unindexRecord(index, id);
  }

  /** Queues the writes; the caller awaits tx.done. Throws (before the caller commits) if a record cannot be serialised. */
  flush(): void {
    const blocks = this.tx.objectStore('blocks');
    for (const [key, open] of this.blocks) {
      if (!open.dirty) continue;
      const sep = key.lastIndexOf(':');
      const type = key.slice(0, sep) as RecordType;
      const n = Number(key.slice(sep + 1));
      const value: Block = { ids: open.ids, json: JSON.stringify(open.records) };
      blocks.put(value, [this.generation, type, n]).catch(ignore); // failures surface through tx.done
    }
    const indexes = this.tx.objectStore('indexes');
    for (const [type, index] of this.indexes) indexes.put(index, [this.generation, type]).catch(ignore);
  }
}

function ignore(): void {}
