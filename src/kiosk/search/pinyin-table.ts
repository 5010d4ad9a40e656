/**
 * The candidate table's data as its own lazy chunk: loaded when a free-text keyboard opens, never with
 * the main bundle. Data only (no code of the keyboard's), so the chunk split of the rest stays as it was.
 */
import data from 'virtual:pinyin-candidates';

export const candidateData: Record<string, string> = data;
