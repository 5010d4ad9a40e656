/**
 * A lexicon entry that closes a loop with the published lexicon (户口 → 户籍 while 户籍 → 户口) is
 * refused when its draft is submitted or approved, with the content model's message naming the entry
 * and the rule, instead of only when it is published. The check is the one the store runs on publish
 * (lexiconLoops): the published lexicon with the drafts laid over it.
 */
import { lexiconKey, lexiconLoops, type FieldProblem, type LexiconEntry } from '../../../shared/content';
import type { ContentStore } from '../../store/content-store';
import type { Draft } from '../types';

type DraftLike = Pick<Draft, 'op' | 'recordType' | 'recordId' | 'data'>;

/** Problems per record id of the given lexicon drafts (checked together, as a batch publishes them). */
export async function lexiconLoopProblemsOf(content: ContentStore, drafts: readonly DraftLike[]): Promise<Map<string, FieldProblem[]>> {
  const problems = new Map<string, FieldProblem[]>();
  const lexiconDrafts = drafts.filter((d) => d.recordType === 'lexicon');
  if (lexiconDrafts.length === 0) return problems;
  const after = new Map<string, Pick<LexiconEntry, 'id' | 'term' | 'means'>>();
  for (const entry of await content.listRecords<LexiconEntry>('lexicon')) after.set(entry.id, entry);
  for (const d of lexiconDrafts) {
    if (d.op === 'delete') {
      after.delete(d.recordId);
      continue;
    }
    const { term, means } = d.data;
    // An entry too broken to read is the schema's to report (problemsOf); it cannot close a loop here.
    if (typeof term !== 'string' || !Array.isArray(means) || !means.every((m) => typeof m === 'string')) after.delete(d.recordId);
    else after.set(d.recordId, { id: d.recordId, term, means });
  }
  // A loop is reported on the entry that closes it in the search, which may be a published one: it is
  // the draft's when any step of the loop is one of the draft's mappings.
  for (const loop of lexiconLoops([...after.values()])) {
    const steps = loop.path.slice(1).map((to, i) => [lexiconKey(loop.path[i]!), lexiconKey(to)] as const);
    for (const d of lexiconDrafts) {
      const entry = after.get(d.recordId);
      if (!entry) continue;
      const from = lexiconKey(entry.term);
      if (!steps.some(([a, b]) => a === from && entry.means.some((m) => lexiconKey(m) === b))) continue;
      const list = problems.get(d.recordId) ?? problems.set(d.recordId, []).get(d.recordId)!;
      list.push({ field: 'means', message: loop.message });
    }
  }
  return problems;
}
