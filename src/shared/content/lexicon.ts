/**
 * 俗语词条: how residents say it, mapped to the words the catalogue uses
 * (娃 → 孩子/新生儿, 二手房 → 不动产/房屋转移). The kiosk's search expands a
 * query with the entries it holds, so staff teach the kiosk a new phrasing by
 * publishing an entry, without a new app version.
 *
 * Rules on one entry live in the schema; a loop across entries (户口 → 户籍
 * while 户籍 → 户口) can only be seen with the whole lexicon in hand, so
 * lexiconLoops() checks a set of entries and the store calls it on publish.
 */
import * as v from 'valibot';
import { Id, NonEmptyText, OptionalText, RecordEnvelope } from './common';

/** How a term is compared: case and width folded, inner spaces kept single. */
export function lexiconKey(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

const quoted = (s: string) => `“${s}”`;

export const LexiconEntrySchema = v.pipe(
  v.object({
    ...RecordEnvelope,
    type: v.literal('lexicon'),
    /** The resident's word or phrase, e.g. 娃 or 二手房. */
    term: NonEmptyText(30),
    /** The catalogue words it means, e.g. 孩子, 新生儿. */
    means: v.pipe(
      v.array(NonEmptyText(40), '对应的目录用词必须是文本列表'),
      v.minLength(1, '词条至少要对应一个目录用词（空词条没有作用）'),
      v.maxLength(12, '一个词条最多对应 12 个目录用词'),
    ),
    /** Only while searching this department's records; null: everywhere. */
    departmentId: v.optional(v.nullable(Id), null),
    /** Only for this one guide (the term then works like an extra alias); null: everywhere. */
    guideId: v.pipe(
      v.nullish(v.string('必须是文本')),
      // The console's text box sends '' for "no guide".
      v.transform((s) => (s ? s.trim() || null : null)),
      v.nullable(Id),
    ),
    note: OptionalText(300),
  }),
  v.forward(
    v.check(
      (e) => !e.means.some((m) => lexiconKey(m) === lexiconKey(e.term)),
      (issue) => {
        const e = issue.input as { term: string };
        return `词条${quoted(e.term)}不能对应它自己（把词映射到自身没有意义）`;
      },
    ),
    ['means'],
  ),
  v.forward(
    v.check(
      (e) => new Set(e.means.map(lexiconKey)).size === e.means.length,
      (issue) => `词条${quoted((issue.input as { term: string }).term)}的目录用词有重复`,
    ),
    ['means'],
  ),
);
export type LexiconEntry = v.InferOutput<typeof LexiconEntrySchema>;

export interface LexiconLoop {
  /** The entry the loop is reported on (the first of the loop in input order). */
  id: string;
  /** The words around the loop, first word repeated at the end: 户口 → 户籍 → 户口. */
  path: string[];
  message: string;
}

/**
 * Loops among entries: following term → means from any entry comes back to
 * where it started. The kiosk expands one step only, so a loop would not hang
 * it, but it always means two entries contradict each other about which word
 * is the catalogue's, so it is refused.
 */
export function lexiconLoops(entries: readonly Pick<LexiconEntry, 'id' | 'term' | 'means'>[]): LexiconLoop[] {
  const edges = new Map<string, { to: string; id: string }[]>();
  const shown = new Map<string, string>();
  for (const e of entries) {
    const from = lexiconKey(e.term);
    shown.set(from, shown.get(from) ?? e.term);
    for (const m of e.means) {
      const to = lexiconKey(m);
      if (to === from) continue; // the schema refuses this on its own
      shown.set(to, shown.get(to) ?? m);
      (edges.get(from) ?? edges.set(from, []).get(from)!).push({ to, id: e.id });
    }
  }
  const loops: LexiconLoop[] = [];
  const state = new Map<string, 'open' | 'done'>();
  // Depth-first: each frame is a word and the entry whose mapping led to it.
  const stack: { word: string; via: string }[] = [];
  const visit = (word: string) => {
    state.set(word, 'open');
    for (const edge of edges.get(word) ?? []) {
      const seen = state.get(edge.to);
      if (seen === undefined) {
        stack.push({ word: edge.to, via: edge.id });
        visit(edge.to);
        stack.pop();
      } else if (seen === 'open') {
        const start = stack.findIndex((f) => f.word === edge.to);
        const path = [...stack.slice(start).map((f) => f.word), edge.to].map((w) => shown.get(w) ?? w);
        loops.push({
          id: edge.id,
          path,
          message: `词条${quoted(shown.get(word) ?? word)}形成循环：${path.join(' → ')}（一个词不能既是俗语又是它自己的目录用词，请删去其中一个方向）`,
        });
      }
    }
    state.set(word, 'done');
  };
  for (const word of edges.keys()) {
    if (state.has(word)) continue;
    stack.push({ word, via: '' });
    visit(word);
    stack.pop();
  }
  return loops;
}
