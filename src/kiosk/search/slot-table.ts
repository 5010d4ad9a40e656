/**
 * The search index's records, one numeric slot each, held column by column
 * (one array per field) so the matchers read a field of many slots quickly.
 * A changed record is retired (its slot marked DEAD and emptied) and stored
 * again under a new slot, so the index's posting lists stay append-only;
 * compact() squeezes retired slots out and says where each slot went.
 *
 * Also kept here: the slots in name order (the last tie-breaker of ranking),
 * departments by number, and each slot's short fields encoded as reading
 * units for the pinyin matcher.
 */
import { SEARCH_KINDS, type SearchDoc, type SearchKind } from './documents';
import { nanToNull, nullToNan, type IndexState } from './index-state';
import { foldText } from './normalize';
import { ReadingTable } from './pinyin-match';
import { nameCollator } from './ranking';

export const KIND_INDEX: Record<SearchKind, number> = { guide: 0, fee: 1, official: 2, notice: 3, department: 4 };
/** The kind of a retired slot. */
export const DEAD = -1;

export const docKey = (kind: SearchKind, id: string) => `${kind}:${id}`;

/** A folded text, or the very same string when folding changes nothing (saves memory). */
function sameOrFolded(text: string): string {
  const folded = foldText(text);
  return folded === text ? text : folded;
}

export class SlotTable {
  // Per slot. A retired slot has kind DEAD and empty strings. Read freely by the matchers; written only here.
  kind: number[] = [];
  ids: string[] = [];
  names: string[] = [];
  plainNames: string[] = [];
  tagLists: string[][] = [];
  aliasLists: string[][] = [];
  foldedAliases: string[][] = [];
  nameEns: string[] = [];
  hallIds: string[] = [];
  feeIds: string[][] = [];
  noFee: boolean[] = [];
  foldedNames: string[] = [];
  foldedPlain: string[] = [];
  foldedTags: string[][] = [];
  codes: string[][] = [];
  dept: number[] = [];
  popularity: number[] = [];
  windows: string[] = [];
  validFrom: number[] = [];
  validTo: number[] = [];
  /** The slot's place in `order` (valid after ensureRanks()). */
  rank: number[] = [];
  /** Where the slot's short fields start in unitPool: [fieldCount, len, ids…, len, ids…]. */
  unitOffset: number[] = [];

  readonly readingTable = new ReadingTable();
  unitPool: number[] = [];

  slotOf = new Map<string, number>();
  departmentIds: string[] = [];
  private departmentIndex = new Map<string, number>();
  /** Live slots in (name collation, kind, id) order: the last tie-breaker. */
  order: number[] = [];
  private rankDirty = false;
  /** Retired slots not yet compacted away. */
  dead = 0;

  /** Slots in use, retired ones included. */
  get length(): number {
    return this.kind.length;
  }

  /** Live records. */
  get size(): number {
    return this.order.length;
  }

  /** Stores a document under a new slot (its previous one must be retired first); returns the slot. */
  add(doc: SearchDoc, keepOrder: boolean): number {
    const slot = this.kind.length;
    this.store(slot, doc);
    if (keepOrder) {
      let lo = 0;
      let hi = this.order.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.compareByName(this.order[mid]!, slot) < 0) lo = mid + 1;
        else hi = mid;
      }
      this.order.splice(lo, 0, slot);
      this.rankDirty = true;
    }
    return slot;
  }

  /** After adding without keeping order (a build): sorts every live slot once. */
  sortOrder(): void {
    this.order = this.liveSlots().sort((a, b) => this.compareByName(a, b));
    this.rankDirty = true;
  }

  /** Retires the record's slot, if it has one. */
  retire(kind: SearchKind, id: string): void {
    const key = docKey(kind, id);
    const slot = this.slotOf.get(key);
    if (slot === undefined) return;
    this.slotOf.delete(key);
    this.kind[slot] = DEAD;
    this.names[slot] = this.plainNames[slot] = this.foldedNames[slot] = this.foldedPlain[slot] = this.windows[slot] = this.ids[slot] = '';
    this.tagLists[slot] = this.foldedTags[slot] = this.codes[slot] = [];
    this.aliasLists[slot] = this.foldedAliases[slot] = this.feeIds[slot] = [];
    this.nameEns[slot] = this.hallIds[slot] = '';
    const at = this.findInOrder(slot);
    if (at >= 0) this.order.splice(at, 1);
    this.rankDirty = true;
    this.dead++;
  }

  /** The folded short fields (name, plain name, aliases, tags), the ones matched at high tiers. */
  shortFields(slot: number): string[] {
    return [this.foldedNames[slot]!, this.foldedPlain[slot]!, ...this.foldedAliases[slot]!, ...this.foldedTags[slot]!];
  }

  /** Makes `rank` match `order` (cheap when nothing changed). */
  ensureRanks(): void {
    if (!this.rankDirty) return;
    for (let i = 0; i < this.order.length; i++) this.rank[this.order[i]!] = i;
    this.rankDirty = false;
  }

  /** Squeezes retired slots out and renumbers the live ones densely; returns old slot → new slot (-1: gone). */
  compact(): Int32Array {
    const newSlotOf = new Int32Array(this.kind.length).fill(-1);
    let next = 0;
    for (let s = 0; s < this.kind.length; s++) if (this.kind[s] !== DEAD) newSlotOf[s] = next++;
    const keep = <T>(arr: T[]) => arr.filter((_, s) => newSlotOf[s]! >= 0);
    this.kind = keep(this.kind);
    this.ids = keep(this.ids);
    this.names = keep(this.names);
    this.plainNames = keep(this.plainNames);
    this.tagLists = keep(this.tagLists);
    this.aliasLists = keep(this.aliasLists);
    this.foldedAliases = keep(this.foldedAliases);
    this.nameEns = keep(this.nameEns);
    this.hallIds = keep(this.hallIds);
    this.feeIds = keep(this.feeIds);
    this.noFee = keep(this.noFee);
    this.foldedNames = keep(this.foldedNames);
    this.foldedPlain = keep(this.foldedPlain);
    this.foldedTags = keep(this.foldedTags);
    this.codes = keep(this.codes);
    this.dept = keep(this.dept);
    this.popularity = keep(this.popularity);
    this.windows = keep(this.windows);
    this.validFrom = keep(this.validFrom);
    this.validTo = keep(this.validTo);
    this.rank = keep(this.rank);
    this.rebuildUnitPool();
    this.order = this.order.map((s) => newSlotOf[s]!);
    for (const [key, slot] of this.slotOf) this.slotOf.set(key, newSlotOf[slot]!);
    this.rankDirty = true;
    this.dead = 0;
    return newSlotOf;
  }

  /** The saved form of the table (compact it first: retired slots would be saved too). */
  exportDocs(): IndexState['docs'] {
    this.ensureRanks();
    return {
      kind: this.kind,
      ids: this.ids,
      names: this.names,
      plainNames: this.plainNames,
      tagLists: this.tagLists,
      aliasLists: this.aliasLists,
      nameEns: this.nameEns,
      hallIds: this.hallIds,
      feeIds: this.feeIds,
      noFee: this.noFee,
      codes: this.codes,
      dept: this.dept,
      popularity: this.popularity,
      windows: this.windows,
      validFrom: this.validFrom.map(nanToNull),
      validTo: this.validTo.map(nanToNull),
      departmentIds: this.departmentIds,
      order: this.order,
    };
  }

  /** A table from its saved form; the folded fields and reading units are derived again, not saved. */
  static importDocs(d: IndexState['docs']): SlotTable {
    const table = new SlotTable();
    table.kind = d.kind;
    table.ids = d.ids;
    table.names = d.names;
    table.plainNames = d.plainNames;
    table.tagLists = d.tagLists;
    table.aliasLists = d.aliasLists;
    table.nameEns = d.nameEns;
    table.hallIds = d.hallIds;
    table.feeIds = d.feeIds;
    table.noFee = d.noFee;
    table.codes = d.codes;
    table.dept = d.dept;
    table.popularity = d.popularity;
    table.windows = d.windows;
    table.validFrom = d.validFrom.map(nullToNan);
    table.validTo = d.validTo.map(nullToNan);
    table.departmentIds = d.departmentIds;
    d.departmentIds.forEach((id, i) => table.departmentIndex.set(id, i));
    table.order = d.order;
    table.foldedNames = d.names.map((n) => sameOrFolded(n));
    table.foldedPlain = d.plainNames.map((n) => sameOrFolded(n));
    table.foldedTags = d.tagLists.map((tags) => tags.map((t) => sameOrFolded(t)));
    table.foldedAliases = d.aliasLists.map((aliases) => aliases.map((a) => sameOrFolded(a)));
    table.rank = new Array<number>(d.kind.length).fill(-1);
    table.rebuildUnitPool();
    for (let s = 0; s < d.kind.length; s++) if (d.kind[s] !== DEAD) table.slotOf.set(docKey(SEARCH_KINDS[d.kind[s]!]!, d.ids[s]!), s);
    table.rankDirty = true;
    return table;
  }

  private liveSlots(): number[] {
    const slots: number[] = [];
    for (let s = 0; s < this.kind.length; s++) if (this.kind[s] !== DEAD) slots.push(s);
    return slots;
  }

  private compareByName(a: number, b: number): number {
    return (
      nameCollator.compare(this.names[a]!, this.names[b]!) ||
      this.kind[a]! - this.kind[b]! ||
      (this.ids[a]! < this.ids[b]! ? -1 : this.ids[a]! > this.ids[b]! ? 1 : 0)
    );
  }

  private findInOrder(slot: number): number {
    if (!this.rankDirty) return this.order[this.rank[slot]!] === slot ? this.rank[slot]! : this.order.indexOf(slot);
    return this.order.indexOf(slot);
  }

  private store(slot: number, doc: SearchDoc): void {
    const same = (folded: string, original: string) => (folded === original ? original : folded);
    this.kind[slot] = KIND_INDEX[doc.kind];
    this.ids[slot] = doc.id;
    this.names[slot] = doc.name;
    this.plainNames[slot] = doc.plainName;
    this.tagLists[slot] = doc.tags;
    this.aliasLists[slot] = doc.aliases;
    this.foldedAliases[slot] = doc.aliases.map((a) => same(foldText(a), a));
    this.nameEns[slot] = doc.nameEn;
    this.hallIds[slot] = doc.hallId;
    this.feeIds[slot] = doc.feeIds;
    this.noFee[slot] = doc.noFee;
    this.foldedNames[slot] = same(foldText(doc.name), doc.name);
    this.foldedPlain[slot] = same(foldText(doc.plainName), doc.plainName);
    this.foldedTags[slot] = doc.tags.map((t) => same(foldText(t), t));
    this.codes[slot] = doc.codes.map((c) => foldText(c));
    this.dept[slot] = this.departmentNumber(doc.departmentId);
    this.popularity[slot] = doc.popularity;
    this.windows[slot] = doc.window;
    this.validFrom[slot] = doc.validFrom;
    this.validTo[slot] = doc.validTo;
    this.rank[slot] = -1;
    this.unitOffset[slot] = this.encodeUnits(slot);
    this.slotOf.set(docKey(doc.kind, doc.id), slot);
  }

  private encodeUnits(slot: number): number {
    const pool = this.unitPool;
    const offset = pool.length;
    const fields = this.shortFields(slot);
    pool.push(fields.length);
    for (const text of fields) {
      const lenAt = pool.length;
      pool.push(0);
      pool[lenAt] = this.readingTable.encode(text, pool);
    }
    return offset;
  }

  private departmentNumber(id: string): number {
    if (!id) return -1;
    let n = this.departmentIndex.get(id);
    if (n === undefined) {
      n = this.departmentIds.length;
      this.departmentIds.push(id);
      this.departmentIndex.set(id, n);
    }
    return n;
  }

  private rebuildUnitPool(): void {
    this.unitPool = [];
    this.unitOffset = [];
    for (let s = 0; s < this.kind.length; s++) this.unitOffset[s] = this.kind[s] === DEAD ? -1 : this.encodeUnits(s);
  }
}
