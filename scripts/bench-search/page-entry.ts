/** Bundled by scripts/bench-search.ts with esbuild and run in Chromium: the search core, unchanged. */
import { closeSearchDbs, loadIndex, saveIndex, storedSize, serialiseIndex } from '../../src/kiosk/search/persist';
import { SearchIndex } from '../../src/kiosk/search/search-index';
import type { ContentRecord } from '../../src/shared/content';
import type { FeedChange } from '../../src/shared/feed/protocol';

declare global {
  interface Window {
    searchBench: typeof api;
  }
}

let records: ContentRecord[] = [];
let index: SearchIndex | null = null;

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const api = {
  async load(url: string): Promise<number> {
    records = (await (await fetch(url)).json()) as ContentRecord[];
    return records.length;
  },
  build(): number {
    index = null;
    const t0 = performance.now();
    index = SearchIndex.build(records, 1);
    return performance.now() - t0;
  },
  /** The kiosk's own way: slices with yields between; reports the total and the longest slice (main-thread block). */
  async buildInSlices(): Promise<{ totalMs: number; longestSliceMs: number }> {
    index = null;
    const t0 = performance.now();
    let sliceStart = t0;
    let longest = 0;
    const built = await SearchIndex.buildInSlices(records, 1, 25, async () => {
      longest = Math.max(longest, performance.now() - sliceStart);
      await new Promise((r) => setTimeout(r, 0));
      sliceStart = performance.now();
    });
    longest = Math.max(longest, performance.now() - sliceStart);
    index = built;
    return { totalMs: performance.now() - t0, longestSliceMs: longest };
  },
  keystrokes(sequences: string[][], nowMs: number): { p95: number; median: number; max: number; count: number } {
    const times: number[] = [];
    for (const seq of sequences) {
      for (const q of seq) {
        const t0 = performance.now();
        index!.search(q, { nowMs, limit: 30 });
        times.push(performance.now() - t0);
      }
    }
    return { p95: p95(times), median: median(times), max: Math.max(...times), count: times.length };
  },
  incremental(changes: FeedChange[]): number {
    const t0 = performance.now();
    index!.applyChanges(changes, changes[changes.length - 1]!.seq);
    return performance.now() - t0;
  },
  async persist(): Promise<{ saveMs: number; loadMs: number; bytes: number; loadedSize: number }> {
    const t0 = performance.now();
    const stored = await saveIndex(index!, 'shk-search-bench');
    const saveMs = performance.now() - t0;
    await closeSearchDbs();
    const t1 = performance.now();
    const loaded = await loadIndex(stored.cursor, 'shk-search-bench');
    const loadMs = performance.now() - t1;
    return { saveMs, loadMs, bytes: storedSize(stored), loadedSize: loaded?.size ?? -1 };
  },
  serialisedBytes: () => storedSize(serialiseIndex(index!)),
  dropIndex(): void {
    index = null;
  },
  dropRecords(): void {
    records = [];
  },
};

window.searchBench = api;
