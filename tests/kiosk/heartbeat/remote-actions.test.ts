// @vitest-environment happy-dom
/**
 * The two remote actions that keep the page: rebuilding the live search index
 * from stored content (saved in place of the stored index, reported with its
 * count and time), and the screenshot's privacy rules and upload.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { rebuildSearchIndex } from '../../../src/kiosk/heartbeat/rebuild-index';
import { captureScreen, maskTypedText, takeAndUploadScreenshot, typedValues } from '../../../src/kiosk/heartbeat/screenshot';
import { closeSearchDbs, loadIndex } from '../../../src/kiosk/search/persist';
import { SearchIndex } from '../../../src/kiosk/search/search-index';
import { createSearchService } from '../../../src/kiosk/search/service';
import type { ContentRecord, RecordOfType, RecordType } from '../../../src/shared/content';
import { smallDataset } from '../search/fixtures';

afterEach(async () => {
  await closeSearchDbs();
  document.body.innerHTML = '';
});

const reader = (records: ContentRecord[]) => ({
  async allRecords<T extends RecordType>(type: T): Promise<RecordOfType[T][]> {
    return records.filter((r) => r.type === type) as RecordOfType[T][];
  },
});

describe('rebuild the search index', () => {
  it('rebuilds the live service from stored content, saves it in place of the stored index and reports count and time', async () => {
    const records = smallDataset();
    const service = createSearchService({ reader: reader(records), currentCursor: () => 77, saveDelayMs: 60_000 });
    let clock = 1000;
    const detail = await rebuildSearchIndex({ service: async () => service, now: () => (clock += 250) });
    const stored = await loadIndex(77);
    expect(stored?.size).toBeGreaterThan(0);
    expect(detail).toBe(`搜索索引已重建：${stored!.size} 条，用时 250 毫秒`);
    expect(service.index()!.size).toBe(stored!.size);
    service.dispose();
  });

  it('says so when the index could not be stored (the live search has it all the same)', async () => {
    const index = SearchIndex.build(smallDataset(), 3);
    const detail = await rebuildSearchIndex({
      service: async () => ({ ready: Promise.resolve(), rebuild: async () => ({ index, saved: false }) }),
      now: () => 5,
    });
    expect(detail).toBe(`搜索索引已重建：${index.size} 条，用时 0 毫秒（未能存入本机，下次启动时再建）`);
  });
});

describe('screenshot', () => {
  it('blanks what a resident typed in the copy being drawn, never in the live page', () => {
    document.body.innerHTML = `<input id="q" type="search"><textarea id="t"></textarea><input id="c" type="checkbox" value="yes">`;
    const q = document.getElementById('q') as HTMLInputElement;
    q.value = '13812345678';
    (document.getElementById('t') as HTMLTextAreaElement).value = '我的电话 13812345678';
    for (const id of ['q', 't', 'c']) {
      const live = document.getElementById(id)!;
      const copy = live.cloneNode(true) as HTMLInputElement;
      copy.setAttribute('value', (live as HTMLInputElement).value); // as the renderer copies it
      maskTypedText(copy);
      if (id === 'c') expect(copy.getAttribute('value')).toBe('yes');
      else {
        expect(copy.getAttribute('value')).toBe('');
        expect(copy.value).toBe('');
        expect(copy.outerHTML).not.toContain('13812345678');
        expect(copy.getAttribute('placeholder')).toBe('（已隐藏）');
      }
    }
    expect(q.value).toBe('13812345678');

    // Text on screen repeating what is typed (a search status quoting the query) is blanked too.
    const typed = typedValues();
    expect(typed).toEqual(['我的电话 13812345678', '13812345678']);
    // As Preact renders 没有找到“{query}”: the query is a text node of its own, or inside a longer one.
    const status = document.createElement('p');
    status.append('没有找到“', '13812345678', '”', document.createElement('br'), '电话 13812345678 已记下');
    maskTypedText(status, typed);
    expect(status.textContent).toBe('没有找到“（已隐藏）”电话 （已隐藏） 已记下');
  });

  it('refuses while the rating/message dialog is open, saying why', async () => {
    document.body.innerHTML = `<div class="modal feedback-dialog" role="dialog"><input value="13812345678"></div>`;
    await expect(captureScreen()).rejects.toThrow('评价/留言对话框正开着，为保护居民隐私未截图');
  });

  it('uploads the picture with the kiosk token for its action and reports its size; a refusal names the status', async () => {
    const sent: { url: string; init: RequestInit }[] = [];
    const capture = async () => ({ blob: new Blob([new Uint8Array(3000)], { type: 'image/jpeg' }), width: 1080, height: 1920 });
    const answer = (status: number, body: unknown) =>
      (async (url: string, init: RequestInit) => {
        sent.push({ url, init });
        return new Response(JSON.stringify(body), { status });
      }) as unknown as typeof fetch;
    const detail = await takeAndUploadScreenshot({ actionId: 12, feedUrl: '/', token: 'tok', capture, fetch: answer(201, { id: 1 }) });
    expect(detail).toBe('截图已上传（1080×1920，3 KB）');
    expect(new URL(sent[0]!.url).pathname).toBe('/api/kiosk/screenshot/12');
    expect(new URL(sent[0]!.url).search).toBe('?width=1080&height=1920');
    expect(sent[0]!.init.headers).toEqual({ Authorization: 'Bearer tok', 'Content-Type': 'image/jpeg' });
    await expect(
      takeAndUploadScreenshot({ actionId: 12, feedUrl: '/', token: 'tok', capture, fetch: answer(413, { message: 'too large' }) }),
    ).rejects.toThrow('截图上传失败（HTTP 413：too large）');
  });
});
