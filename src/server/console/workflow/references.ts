/** Checks a draft's references against the published records (see shared/content/references.ts). */
import {
  danglingReferences,
  REFERENCE_LABELS,
  REFERRER_TYPES,
  referencesOf,
  refersTo,
  type ContentRecord,
  type FieldProblem,
  type Hall,
  type KnownRecords,
  type RecordType,
} from '../../../shared/content';
import type { ContentStore } from '../../store/content-store';
import type { Draft } from '../types';
import { lexiconLoopProblemsOf } from './lexicon-loops';

/** Where kiosks are kept: a hall that kiosks stand in is still in use. */
interface KioskList {
  listKiosks(): Promise<{ id: string; hallId: string; name: string }[]>;
}

/** How many referrers a message names before it says "and n more". */
const NAMED_REFERRERS = 8;

/**
 * The published records (and, for a hall, the kiosks) that still name this
 * record: withdrawing it would leave them pointing at nothing. Records in
 * `leaving` (withdrawn together with it, e.g. in one batch) do not count.
 */
export async function referrersOf(
  content: ContentStore,
  kiosks: KioskList,
  target: { type: RecordType; id: string },
  leaving: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const found: string[] = [];
  for (const type of REFERRER_TYPES[target.type]) {
    for (const record of await content.listRecords(type)) {
      if (leaving.has(`${type}/${record.id}`)) continue;
      if (!refersTo(type, record as unknown as Record<string, unknown>, target)) continue;
      const name = 'name' in record && typeof record.name === 'string' ? record.name : null;
      found.push(`${REFERENCE_LABELS[type]}「${name ? `${name}（${record.id}）` : record.id}」`);
    }
  }
  if (target.type === 'hall')
    for (const kiosk of await kiosks.listKiosks()) if (kiosk.hallId === target.id) found.push(`终端「${kiosk.name}（${kiosk.id}）」`);
  return found;
}

/** The referrers in words for a message: the first few, then how many in all. */
export function namedReferrers(referrers: readonly string[]): string {
  const named = referrers.slice(0, NAMED_REFERRERS).join('、');
  return referrers.length > NAMED_REFERRERS ? `${named} 等 ${referrers.length} 项` : named;
}

/** A withdrawal refused while others still name the record, naming them. */
export async function withdrawalProblemsOf(
  content: ContentStore,
  kiosks: KioskList,
  draft: Pick<Draft, 'recordType' | 'recordId'>,
  leaving?: ReadonlySet<string>,
): Promise<FieldProblem[]> {
  const referrers = await referrersOf(content, kiosks, { type: draft.recordType, id: draft.recordId }, leaving);
  if (!referrers.length) return [];
  return [
    {
      field: 'id',
      message: `仍被 ${namedReferrers(referrers)} 引用，不能撤下：请先修改或撤下它们${draft.recordType === 'hall' ? '（终端须先移到其他大厅或删除）' : ''}`,
    },
  ];
}

/**
 * One draft: looks up only the records it names; a withdrawal, who still names the record. A lexicon
 * entry names other entries by their words, so a loop it closes with the published lexicon is reported too.
 */
export async function referenceProblemsOf(
  content: ContentStore,
  kiosks: KioskList,
  draft: Pick<Draft, 'op' | 'recordType' | 'recordId' | 'data'>,
): Promise<FieldProblem[]> {
  if (draft.op === 'delete') return withdrawalProblemsOf(content, kiosks, draft);
  const refs = referencesOf(draft.recordType, draft.data);
  const found = new Map<string, ContentRecord | null>();
  for (const ref of refs) {
    const type: RecordType = ref.type === 'window' ? 'hall' : ref.type;
    const id = ref.type === 'window' ? ref.hallId! : ref.id;
    const key = `${type}/${id}`;
    if (!found.has(key)) found.set(key, await content.getRecord(type, id));
  }
  const dangling = danglingReferences(refs, {
    has: (type, id) => found.get(`${type}/${id}`) != null,
    windowsOf: (hallId) => (found.get(`hall/${hallId}`) as Hall | null | undefined)?.windows.map((w) => w.id) ?? null,
  });
  const loops = (await lexiconLoopProblemsOf(content, [draft])).get(draft.recordId) ?? [];
  return [...dangling, ...loops];
}

/** Many records at once (an import, a batch): every published record of the types they may name. */
export async function knownRecordsOf(content: ContentStore): Promise<KnownRecords> {
  const types: RecordType[] = ['hall', 'department', 'guide', 'fee', 'official'];
  const lists = await Promise.all(types.map((t) => content.listRecords(t)));
  const ids = new Map(types.map((t, i) => [t, new Set(lists[i]!.map((r) => r.id))]));
  const windows = new Map((lists[0] as Hall[]).map((h) => [h.id, h.windows.map((w) => w.id)]));
  return {
    has: (type, id) => ids.get(type)?.has(id) ?? false,
    windowsOf: (hallId) => windows.get(hallId) ?? null,
  };
}
