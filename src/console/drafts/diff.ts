/** Field-by-field differences of two records (for review and conflicts). */
import { formatFen } from '../../shared/money';

const IGNORED = new Set(['version', 'updatedAt', 'type', 'id']);

function flatten(value: unknown, prefix: string, out: Map<string, unknown>) {
  if (Array.isArray(value)) {
    if (!value.length) out.set(prefix, '（空）');
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (prefix || !IGNORED.has(k)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, value);
}

export function diff(a: unknown, b: unknown): { field: string; before: unknown; after: unknown }[] {
  const x = new Map<string, unknown>();
  const y = new Map<string, unknown>();
  if (a) flatten(a, '', x);
  if (b) flatten(b, '', y);
  return [...new Set([...x.keys(), ...y.keys()])]
    .filter((k) => JSON.stringify(x.get(k) ?? null) !== JSON.stringify(y.get(k) ?? null))
    .map((field) => ({ field, before: x.get(field) ?? null, after: y.get(field) ?? null }));
}

/** Money fields end in "fen" (fen, minFen, maxFen, fenPerUnit): reviewers read them in yuan, never as raw fen. */
const MONEY_FIELD = /(^|\.)(fen|minFen|maxFen|fenPerUnit)$/;

export function show(v: unknown, field = ''): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (MONEY_FIELD.test(field) && Number.isSafeInteger(v)) return formatFen(v as number);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
