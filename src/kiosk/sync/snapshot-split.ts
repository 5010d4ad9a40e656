/**
 * Lets each snapshot worker JSON.parse only its share of the records instead of the whole body.
 *
 * The feed server writes the records array last (`{...,"records":[{"type":..},...]}`), so the body
 * splits into a small head, the array, and a closing brace. A share boundary is the first
 * `,{"type":"` after the share's byte offset. Matching raw bytes is safe for UTF-8 (multi-byte
 * sequences contain no ASCII bytes) and, in valid JSON, `{"type":"` only occurs as an object start.
 * It may be a nested object rather than a record, though, so nothing here is trusted: the head and
 * every share must parse on their own, which can only happen when each boundary sits between two
 * records and the whole body is valid JSON (the shares parse as arrays and the head parses with
 * `[]` in the array's place, so any text between them is valid too). Every worker computes the same
 * boundaries, so when a boundary is wrong all shares fail to parse alike and every worker falls back
 * to parsing the whole body. The signature is still checked over the whole body by share 0.
 */
const encode = (s: string) => new TextEncoder().encode(s);
const RECORDS_KEY = encode('"records":[');
const ENTRY_START = encode(',{"type":"');
const OBJECT_TYPE = encode('{"type":"');
const isSpace = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from: number, to: number): number {
  const first = needle[0]!;
  for (let i = hay.indexOf(first, from); i >= 0 && i + needle.length <= to; i = hay.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

export interface ShareSlice {
  /** The top-level object with `records: []`. */
  head: Record<string, unknown>;
  /** This share's records, in body order. */
  entries: unknown[];
  /** Byte range of the records before this share (counted for block numbering). */
  before: { from: number; to: number };
}

/**
 * Share 0 also checks the signature over the whole body, so it takes fewer of the records: it weighs
 * 0.7 of another share. Measured with bench:kiosk at 4x (2026-11-23): split evenly by bytes, share 0
 * finished 220-370 ms after share 1; weighed 0.86 it still finished later, weighed 0.6 share 1 did;
 * at 0.7 they finish within 60-250 ms of each other and the median rose from ~9,000 to ~9,600 records/s.
 */
const SIGNATURE_DISCOUNT = 0.3;

/** Where share k starts, as a fraction of the records array (share 0 smaller by the signature's cost). */
export function shareStart(k: number, of: number): number {
  return k <= 0 ? 0 : (k - SIGNATURE_DISCOUNT) / (of - SIGNATURE_DISCOUNT);
}

/** This share's records parsed from its slice alone, or null when the body does not have the expected shape (parse it whole). */
export function parseShare(body: Uint8Array, share: { index: number; of: number }): ShareSlice | null {
  // The array opens near the start: the head is a few short fields.
  const open = indexOfBytes(body, RECORDS_KEY, 0, Math.min(body.length, 4096));
  if (open < 0) return null;
  const arrayStart = open + RECORDS_KEY.length; // first byte inside '['
  let end = body.length - 1;
  while (isSpace(body[end])) end--;
  if (body[end] !== 0x7d /* } */) return null;
  end--;
  while (isSpace(body[end])) end--;
  if (body[end] !== 0x5d /* ] */ || end < arrayStart) return null;
  const arrayEnd = end; // index of ']'

  // boundary(k): index of the ',' before share k's first record; arrayStart - 1 and arrayEnd bracket the array.
  const boundary = (k: number): number => {
    if (k <= 0) return arrayStart - 1;
    if (k >= share.of) return arrayEnd;
    const from = arrayStart + Math.floor((arrayEnd - arrayStart) * shareStart(k, share.of));
    const at = indexOfBytes(body, ENTRY_START, from, arrayEnd);
    return at < 0 ? arrayEnd : at;
  };
  const from = boundary(share.index) + 1;
  const to = boundary(share.index + 1);
  // Every share must hold at least one record, or the joins between slices are not proven valid.
  for (let k = 0; k < share.of; k++) if (boundary(k + 1) - boundary(k) < 2) return null;

  const decoder = new TextDecoder();
  let head: unknown;
  let entries: unknown;
  try {
    head = JSON.parse(`${decoder.decode(body.subarray(0, arrayStart))}]${decoder.decode(body.subarray(arrayEnd + 1))}`);
    entries = JSON.parse(`[${decoder.decode(body.subarray(from, to))}]`);
  } catch {
    return null;
  }
  if (!head || typeof head !== 'object' || Array.isArray(head) || !Array.isArray((head as { records?: unknown }).records)) return null;
  if (!Array.isArray(entries) || entries.length === 0) return null;
  return { head: head as Record<string, unknown>, entries, before: { from: arrayStart, to: boundary(share.index) } };
}

/**
 * Upper bound of the records per type in a byte range of the array: every `{"type":"<type>"` is
 * counted, nested objects too. Over-counting only leaves empty block numbers, which the store skips.
 */
export function countTypesIn(body: Uint8Array, from: number, to: number, isType: (t: string) => boolean): Map<string, number> {
  const counts = new Map<string, number>();
  const decoder = new TextDecoder();
  for (let at = indexOfBytes(body, OBJECT_TYPE, from, to); at >= 0; at = indexOfBytes(body, OBJECT_TYPE, at + 1, to)) {
    const nameStart = at + OBJECT_TYPE.length;
    const nameEnd = body.indexOf(0x22 /* " */, nameStart);
    if (nameEnd < 0 || nameEnd - nameStart > 40) continue;
    const type = decoder.decode(body.subarray(nameStart, nameEnd));
    if (isType(type)) counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return counts;
}
