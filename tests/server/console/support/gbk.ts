/**
 * Encodes text as GB18030 two-byte codes (GBK), as Excel on Chinese Windows
 * saves a CSV. Node has no GBK encoder, so the table is built from its
 * decoder: every two-byte code decoded once, mapped back.
 */
let table: Map<string, [number, number]> | null = null;

function encoderTable(): Map<string, [number, number]> {
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  return table;
}

export function encodeGbk(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      const code = encoderTable().get(ch);
      if (!code) throw new Error(`not in GBK: ${ch}`);
      out.push(...code);
    }
  }
  return new Uint8Array(out);
}
