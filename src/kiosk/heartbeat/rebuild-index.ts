/**
 * The "rebuild the search index" remote action: the kiosk's live search
 * service builds its index again from the content this kiosk has stored (no
 * download), swaps it in (the search screen answers from it at once, no
 * reload), saves it in place of the stored one, and the action is reported with
 * the document count and the time the rebuild took.
 */
import type { SearchService } from '../search/service';

export async function rebuildSearchIndex(deps: {
  /** The page's own search service (loads the search chunk if no one has searched yet). */
  service: () => Promise<Pick<SearchService, 'ready' | 'rebuild'>>;
  now?: () => number;
}): Promise<string> {
  const now = deps.now ?? (() => performance.now());
  const service = await deps.service();
  // A service created just now builds or loads its first index: the time reported is the rebuild's own.
  await service.ready;
  const started = now();
  const { index, saved } = await service.rebuild();
  const ms = Math.round(now() - started);
  return `搜索索引已重建：${index.size} 条，用时 ${ms} 毫秒${saved ? '' : '（未能存入本机，下次启动时再建）'}`;
}
