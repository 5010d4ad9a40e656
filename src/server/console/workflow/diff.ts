/** Field-level before/after of two records, for the audit log. */
import type { AuditChange } from '../types';

const IGNORED = new Set(['version', 'updatedAt']);

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix, []);
    value.forEach((item, i) => flatten(item, `${prefix}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out.set(prefix, {});
    for (const [k, v] of entries) {
      if (!prefix && IGNORED.has(k)) continue;
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
    }
  } else {
    out.set(prefix, value);
  }
}

export function diffRecords(before: unknown, after: unknown): AuditChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  if (before != null) flatten(before, '', a);
  if (after != null) flatten(after, '', b);
  const changes: AuditChange[] = [];
  for (const field of new Set([...a.keys(), ...b.keys()])) {
    const x = a.has(field) ? a.get(field) : null;
    const y = b.has(field) ? b.get(field) : null;
    if (JSON.stringify(x) !== JSON.stringify(y)) changes.push({ field, before: x ?? null, after: y ?? null });
  }
  return changes;
}
