/**
 * The "rebuild the search index" remote action: the index is built again from
 * the content this kiosk has stored (no download) with the search code's own
 * public functions, saved in place of the stored one, and reported with its
 * document count and the time it took. The page reloads at its next idle
 * moment so the search screen uses the new index.
 */
import type { ContentReader } from '../store/content-reader';

export async function rebuildSearchIndex(deps: {
  reader: Pick<ContentReader, 'allRecords'>;
  cursor: () => number | null;
  reloadWhenIdle: () => void;
  now?: () => number;
}): Promise<string> {
  const now = deps.now ?? (() => performance.now());
  const [{ buildFromReader }, { saveIndex }] = await Promise.all([import('../search/service'), import('../search/persist')]);
  const started = now();
  const index = await buildFromReader(deps.reader, deps.cursor() ?? 0);
  await saveIndex(index);
  const ms = Math.round(now() - started);
  deps.reloadWhenIdle();
  return `搜索索引已重建：${index.size} 条，用时 ${ms} 毫秒`;
}
