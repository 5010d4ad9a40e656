/** Checks a draft's references against the published records (see shared/content/references.ts). */
import {
  danglingReferences,
  referencesOf,
  type ContentRecord,
  type FieldProblem,
  type Hall,
  type KnownRecords,
  type RecordType,
} from '../../../shared/content';
import type { ContentStore } from '../../store/content-store';
import type { Draft } from '../types';
import { lexiconLoopProblemsOf } from './lexicon-loops';

/**
 * One draft: looks up only the records it names. A lexicon entry names other entries by their words,
 * so a loop it closes with the published lexicon is reported here too.
 */
export async function referenceProblemsOf(
  content: ContentStore,
  draft: Pick<Draft, 'op' | 'recordType' | 'recordId' | 'data'>,
): Promise<FieldProblem[]> {
  if (draft.op === 'delete') return [];
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
