/**
 * The difference between two versions of a record, as a reviewer reads it.
 *
 * Lists (materials, steps, fee bases, windows…) are compared by a stable key
 * per item (its id, else the field that names it), aligned with a longest
 * common subsequence (jsdiff's diffArrays), so inserting, removing or moving
 * one material is ONE change instead of one per later position. Items that
 * match are compared field by field. An item whose key changed in place (a
 * material renamed) is paired with its old self, so the rename is a field change.
 */
import { diffArrays } from 'diff';
import { fieldLabel } from './labels';
import { displayValue, sameInstant, valueText, type DisplayValue } from './values';

export type RecordChange =
  | { kind: 'changed'; path: string; label: string; before: DisplayValue; after: DisplayValue }
  | {
      kind: 'added' | 'removed';
      path: string;
      label: string;
      item: DisplayValue;
      position: number;
      /** An item with fields (a material, a step), field by field in words, media as thumbnails. */
      fields?: ItemField[];
    }
  | { kind: 'moved'; path: string; label: string; from: number; to: number };

export interface ItemField {
  label: string;
  value: DisplayValue;
}

/** Envelope fields the store stamps: never a change a person made. */
const IGNORED = new Set(['version', 'updatedAt', 'type', 'id']);

/** The field that names an item of each list, when the item has no id. */
const ITEM_KEY: Record<string, string[]> = {
  materials: ['name'],
  steps: ['title'],
  legalBasis: ['title'],
  basis: ['number', 'title'],
  faq: ['question'],
  reductions: ['description'],
  phones: ['number'],
  windows: ['id'],
  openingHours: ['weekday'],
  periods: ['open'],
};

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function listKey(path: string): string {
  return (
    path
      .replace(/\[\d+\]/g, '')
      .split('.')
      .pop() ?? path
  ).trim();
}

function itemKey(list: string, item: unknown): string {
  if (!isObject(item)) return `v:${JSON.stringify(item)}`;
  if (typeof item.id === 'string' && item.id && list !== 'windows') return `id:${item.id}`;
  for (const field of ITEM_KEY[list] ?? []) {
    const v = item[field];
    if (v !== undefined && v !== null && v !== '') return `${field}:${JSON.stringify(v)}`;
  }
  return `json:${JSON.stringify(item)}`;
}

/** Keys made unique by their occurrence, so two identical items stay two items. */
function keysOf(list: string, items: unknown[]): string[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const k = itemKey(list, item);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    return n ? `${k}#${n}` : k;
  });
}

/** An added or removed item's own fields, each named ("原件份数：1" rather than a bare "1"). */
function itemFields(type: string, path: string, item: unknown): { fields?: ItemField[] } {
  if (!isObject(item) || isMediaLike(item)) return {};
  const fields = Object.entries(item)
    .filter(([key, v]) => !IGNORED.has(key) && v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([key, v]) => ({ label: fieldLabel(type, `${path}.${key}`), value: displayValue(`${path}.${key}`, v) }));
  return fields.length ? { fields } : {};
}

const isMediaLike = (v: Json) => typeof v.sha256 === 'string';

/** "申请材料「户口簿」": the list's label and the item's own name. */
function itemLabel(type: string, path: string, listLabel: string, item: unknown, index: number): string {
  if (!isObject(item)) return `${listLabel}「${valueText(path, item)}」`;
  const name = item.name ?? item.title ?? item.question ?? item.description ?? item.number ?? item.label ?? item.id;
  if (typeof name === 'string' && name) return `${listLabel}「${name}」`;
  if (typeof item.weekday === 'number') return `${listLabel}「${valueText('weekday', item.weekday)}」`;
  if (typeof item.open === 'string') return `${listLabel}「${item.open}–${String(item.close)}」`;
  void type;
  return `${listLabel} 第 ${index + 1} 项`;
}

function diffList(type: string, path: string, label: string, a: unknown[], b: unknown[], out: RecordChange[]): void {
  const list = listKey(path);
  const ka = keysOf(list, a);
  const kb = keysOf(list, b);
  const indexA = new Map(ka.map((k, i) => [k, i]));
  const indexB = new Map(kb.map((k, i) => [k, i]));
  const parts = diffArrays(ka, kb);
  let ia = 0;
  let ib = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    if (!part.added && !part.removed) {
      for (const _ of part.value) {
        diffValue(type, `${path}[${ib}]`, itemLabel(type, path, label, b[ib], ib), a[ia], b[ib], out);
        ia++;
        ib++;
      }
      continue;
    }
    const next = parts[p + 1];
    // A removed run followed by an added run of the same length, none of it found elsewhere: edited in place.
    if (
      part.removed &&
      next?.added &&
      next.value.length === part.value.length &&
      part.value.every((k) => !indexB.has(k)) &&
      next.value.every((k) => !indexA.has(k))
    ) {
      for (let i = 0; i < part.value.length; i++) {
        diffValue(type, `${path}[${ib}]`, itemLabel(type, path, label, a[ia], ia), a[ia], b[ib], out);
        ia++;
        ib++;
      }
      p++;
      continue;
    }
    for (const key of part.value) {
      if (part.removed) {
        const to = indexB.get(key);
        if (to === undefined)
          out.push({
            kind: 'removed',
            path: `${path}[${ia}]`,
            label: itemLabel(type, path, label, a[ia], ia),
            item: displayValue(path, a[ia]),
            position: ia,
            ...itemFields(type, path, a[ia]),
          });
        ia++;
      } else {
        const from = indexA.get(key);
        const itemPath = `${path}[${ib}]`;
        const name = itemLabel(type, path, label, b[ib], ib);
        if (from === undefined)
          out.push({
            kind: 'added',
            path: itemPath,
            label: name,
            item: displayValue(path, b[ib]),
            position: ib,
            ...itemFields(type, path, b[ib]),
          });
        else {
          out.push({ kind: 'moved', path: itemPath, label: name, from, to: ib });
          diffValue(type, itemPath, name, a[from], b[ib], out);
        }
        ib++;
      }
    }
  }
}

function diffValue(type: string, path: string, label: string, a: unknown, b: unknown, out: RecordChange[]): void {
  if (same(a, b) || sameInstant(a, b)) return;
  if (Array.isArray(a) && Array.isArray(b)) return diffList(type, path, label, a, b, out);
  const mediaLike = (v: unknown) => isObject(v) && typeof v.sha256 === 'string';
  if (isObject(a) && isObject(b) && !mediaLike(a) && !mediaLike(b) && a.kind === b.kind) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (key === 'kind') continue;
      const child = path ? `${path}.${key}` : key;
      diffValue(type, child, `${label} › ${fieldLabel(type, child)}`, a[key], b[key], out);
    }
    return;
  }
  out.push({ kind: 'changed', path, label, before: displayValue(path, a), after: displayValue(path, b) });
}

/**
 * Changes from `before` to `after` (either may be null: a new record, or a
 * withdrawal). `type` picks the labels; envelope fields are ignored.
 */
export function diffRecords(type: string, before: unknown, after: unknown): RecordChange[] {
  const a = isObject(before) ? before : {};
  const b = isObject(after) ? after : {};
  const out: RecordChange[] = [];
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (IGNORED.has(key)) continue;
    const label = fieldLabel(type, key);
    const [x, y] = [a[key], b[key]];
    // A list that appears or disappears whole reads best as its items added or removed.
    if (Array.isArray(x) || Array.isArray(y)) {
      if (x === undefined || x === null || Array.isArray(x))
        if (y === undefined || y === null || Array.isArray(y)) {
          diffList(type, key, label, (x as unknown[]) ?? [], (y as unknown[]) ?? [], out);
          continue;
        }
    }
    diffValue(type, key, label, x, y, out);
  }
  return out;
}
