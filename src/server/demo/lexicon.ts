/** The demo county's starter lexicon as records (see lexicon-entries.ts for the words). */
import type { LexiconEntry } from '../../shared/content';
import { envelope, type DemoContext } from './context';
import { LEXICON_LINES, parseLexiconLines } from './lexicon-entries';

export function buildLexicon(ctx: DemoContext): LexiconEntry[] {
  return parseLexiconLines(LEXICON_LINES).map((line, i) => ({
    ...envelope(ctx, `lexicon-${String(i + 1).padStart(4, '0')}`),
    type: 'lexicon' as const,
    term: line.term,
    means: line.means,
    departmentId: line.departmentId,
    guideId: line.guideId,
    note: '',
  }));
}
