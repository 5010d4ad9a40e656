/**
 * Posting lists: ascending numeric document slots in a growable Uint32Array.
 * Slots only grow (a changed record gets a new slot), so adding a document
 * is an append and de-duplication is a look at the last entry.
 */
export class Posting {
  ids: Uint32Array;
  n = 0;

  constructor(capacity = 4) {
    this.ids = new Uint32Array(capacity);
  }

  static from(ids: Uint32Array): Posting {
    const p = new Posting(0);
    p.ids = ids;
    p.n = ids.length;
    return p;
  }

  /** Appends a slot unless it is already the last one (callers add slots in ascending order). */
  add(slot: number): void {
    if (this.n > 0 && this.ids[this.n - 1] === slot) return;
    if (this.n === this.ids.length) {
      const grown = new Uint32Array(Math.max(4, this.ids.length * 2));
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.n++] = slot;
  }

  view(): Uint32Array {
    return this.ids.subarray(0, this.n);
  }

  /** Keeps only the slots `keep` maps to a new slot (>= 0), renumbered; shrinks to fit. */
  remap(newSlotOf: Int32Array): void {
    let w = 0;
    for (let r = 0; r < this.n; r++) {
      const to = newSlotOf[this.ids[r]!]!;
      if (to >= 0) this.ids[w++] = to;
    }
    this.n = w;
    this.ids = this.ids.slice(0, w);
  }
}

export function addTo<K>(map: Map<K, Posting>, key: K, slot: number): void {
  let p = map.get(key);
  if (!p) {
    p = new Posting();
    map.set(key, p);
  }
  p.add(slot);
}

/** Intersection of sorted lists, smallest first; an absent list means no match. */
export function intersect(lists: (Uint32Array | undefined)[]): Uint32Array {
  if (lists.length === 0 || lists.some((l) => !l)) return new Uint32Array(0);
  const sorted = (lists as Uint32Array[]).slice().sort((a, b) => a.length - b.length);
  let acc = sorted[0]!;
  for (let k = 1; k < sorted.length && acc.length > 0; k++) {
    const other = sorted[k]!;
    const out = new Uint32Array(acc.length);
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < acc.length && j < other.length) {
      const a = acc[i]!;
      const b = other[j]!;
      if (a === b) {
        out[n++] = a;
        i++;
        j++;
      } else if (a < b) i++;
      else j++;
    }
    acc = out.subarray(0, n);
  }
  return acc;
}

/** Writes unsigned integers up to 2^53 as LEB128-style varints (keys of bigrams exceed 32 bits). */
export class VarintWriter {
  private buf = new Uint8Array(1 << 16);
  length = 0;

  write(value: number): void {
    if (this.length + 8 > this.buf.length) {
      const grown = new Uint8Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    let v = value;
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }

  writeList(ids: Uint32Array): void {
    this.write(ids.length);
    let prev = 0;
    for (let i = 0; i < ids.length; i++) {
      this.write(ids[i]! - prev);
      prev = ids[i]!;
    }
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

export class VarintReader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  read(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new Error('search index data is truncated');
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 0x80;
    }
  }

  readList(): Uint32Array {
    const n = this.read();
    const ids = new Uint32Array(n);
    let prev = 0;
    for (let i = 0; i < n; i++) {
      prev += this.read();
      ids[i] = prev;
    }
    return ids;
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }
}
