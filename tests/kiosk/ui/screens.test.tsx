// @vitest-environment happy-dom
/** The kiosk's screens rendered with an in-memory reader and a fake engine (clock: Monday 10:30 in Shanghai). */
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeEngine } from './support/fake-engine';
import { allFixtures, guides, hall, NOW } from './support/fixtures';
import { renderKiosk, type Rendered } from './support/render-kiosk';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const $ = (sel: string) => app!.container.querySelector(sel);
const $$ = (sel: string) => [...app!.container.querySelectorAll(sel)];

describe('guides', () => {
  it('lists guides and filters by audience and department through the URL', async () => {
    app = await renderKiosk({ path: '/guides' });
    await app.until(() => $$('[data-testid=guide-list] li').length === 2, 'two guides');
    expect(app.text()).toContain('低保（最低生活保障审核确认）');
    await app.click($$('button.chip').find((b) => b.textContent === '法人'));
    await app.until(() => $$('[data-testid=guide-list] li').length === 1, 'one legal-entity guide');
    expect(app.text()).toContain('不动产首次登记');
    expect(app.history.location.search).toContain('audience=legal-entity');
    await app.click($$('button.chip').find((b) => b.textContent === '民政'));
    await app.until(() => $$('[data-testid=guide-list] li').length === 0, 'no guide for 民政 + 法人');
    expect(app.text()).toContain('暂无内容');
  });

  it('shows long lists in pages of 40 with a button for the rest', async () => {
    const many = Array.from({ length: 45 }, (_, i) => ({
      ...guides[0],
      id: `guide-many-${i}`,
      name: `示例事项 ${String(i).padStart(2, '0')}`,
      plainName: `示例事项 ${String(i).padStart(2, '0')}`,
    }));
    app = await renderKiosk({ path: '/guides', records: [...allFixtures(), ...many] });
    await app.until(() => $$('[data-testid=guide-list] li').length === 40, 'first page');
    const more = $$('button').find((b) => b.textContent === '显示更多（还有 7 项）');
    await app.click(more);
    await app.until(() => $$('[data-testid=guide-list] li').length === 47, 'all guides');
  });

  it('lays out every field of a guide: materials with counts, steps, limits, place, phones, QR to the phone page', async () => {
    app = await renderKiosk({ path: '/guides/guide-dibao', config: { publicUrl: 'https://zwfw.example.gov.cn/qinglan' } });
    await app.until(() => !!$('[data-testid=materials]'), 'guide detail');
    const text = app.text();
    for (const expected of [
      '低保',
      '最低生活保障审核确认',
      '县民政局',
      '家庭人均收入低于当地低保标准',
      '居民身份证',
      '原件 1 份，复印件 2 份',
      '部门核发（公安机关）',
      '残疾人证',
      '视情况',
      '家庭成员有残疾的',
      '复印件 1 份',
      '申请',
      '审核',
      '审查标准：材料齐全',
      '法定办结时限',
      '30 个工作日',
      '承诺办结时限',
      '10 个工作日',
      '承诺件',
      '不收费',
      '社会救助暂行办法 第九条',
      '1 楼',
      'A01 民政综合窗口',
      '示例县政务服务中心',
      '周一至周五 9:00-12:00，13:30-17:00',
      '0000-5550101',
      '0000-5550199',
      '需到现场办理',
      '000204001000',
      '多久能办好？',
    ])
      expect(text, expected).toContain(expected);
    // The kind of copy is said once, by the counts ("原件 1 份"), not twice (原件, a wide space, then 原件 1 份).
    expect(text).not.toMatch(/原件\s*原件|复印件\s*复印件/);
    // The key facts name the window, not only its code.
    expect($('.key-facts')!.textContent).toContain('A01 民政综合窗口');
    // The checklist works: ticking a material marks it as brought.
    const boxes = $$('[data-testid=materials] input[type=checkbox]') as HTMLInputElement[];
    expect(boxes.length).toBeGreaterThan(1);
    await app.click($('[data-testid=materials] label'));
    expect(boxes[0]!.checked).toBe(true);
    expect(boxes[1]!.checked).toBe(false);
    await app.until(() => !!$('svg.qr'), 'QR code (drawn a frame later)');
    expect($('svg.qr')?.getAttribute('data-qr-text')).toBe('https://zwfw.example.gov.cn/qinglan/m/guides/guide-dibao');
    expect($('svg.qr path')?.getAttribute('d')?.length).toBeGreaterThan(100);
  });

  it('shows no QR code when no public address is set, rather than a link to the kiosk page itself', async () => {
    app = await renderKiosk({ path: '/guides/guide-dibao' });
    await app.until(() => !!$('[data-testid=materials]'), 'guide detail');
    // With an address the box (a placeholder, then the code) is there from the first paint.
    expect($('.qr-box')).toBeNull();
    expect(app.text()).not.toContain('扫码');
  });

  it('shows fee amounts in yuan from the linked fee items', async () => {
    app = await renderKiosk({ path: '/guides/guide-budongchan' });
    await app.until(() => $$('[data-testid=fees] [data-testid=fee-amount]').length === 2, 'two fee lines');
    expect($$('[data-testid=fees] [data-testid=fee-amount]').map((e) => e.textContent)).toEqual(['¥80.00（元/件）', '¥10.00（元/本）']);
    expect(app.text()).toContain('发改价格规〔2016〕2559号');
    expect(app.text()).toContain('当场办结');
  });

  it('says so when a guide is gone, instead of an empty page', async () => {
    app = await renderKiosk({ path: '/guides/guide-nope' });
    await app.until(() => app!.text().includes('没有找到这项办事指南'), 'not-found text');
  });

  it('re-reads when the engine applies changes: an edit shows without a reload', async () => {
    app = await renderKiosk({ path: '/guides/guide-dibao' });
    await app.until(() => !!$('[data-testid=materials]'), 'guide detail');
    app.reader.put({ ...guides[0], version: 2, hours: '周一至周六 8:00-18:00' });
    app.engine.emitApplied();
    await app.until(() => app!.text().includes('周一至周六 8:00-18:00'), 'edited hours');
    app.reader.delete('guide', 'guide-dibao');
    app.engine.emitApplied();
    await app.until(() => app!.text().includes('没有找到这项办事指南'), 'deleted guide');
  });
});

describe('fees', () => {
  it('lists items in force as current, upcoming ones apart, and hides expired ones (by the server clock)', async () => {
    app = await renderKiosk({ path: '/fees?dept=dept-zrzy' });
    await app.until(() => $$('[data-testid=fee-list] > li').length === 2, 'two current fees');
    const current = $('[data-testid=fee-list]')!.textContent!;
    expect(current).toContain('住宅类不动产登记费');
    expect(current).toContain('¥80.00（元/件）');
    expect(current).toContain('小微企业免收');
    expect(current).toContain('自 2017-01-01 起');
    expect(app.text()).not.toContain('已废止的旧收费');
    const upcoming = $('[data-testid=fee-upcoming]')!.textContent!;
    expect(upcoming).toContain('明年起施行的新收费');
    expect(upcoming).toContain('¥5.00–¥25.50（元/次）');
  });

  it('moves an item from upcoming to current when the server clock passes its start', async () => {
    const engine = new FakeEngine('2027-01-01T00:00:30+08:00');
    app = await renderKiosk({ path: '/fees?dept=dept-zrzy', engine });
    await app.until(() => $$('[data-testid=fee-list] > li').length === 3, 'three current fees');
    expect($('[data-testid=fee-upcoming]')).toBeNull();
  });
});

describe('duty board', () => {
  it("shows who is on duty now in the hall timezone, and today's and this week's rota", async () => {
    app = await renderKiosk({ path: '/duty' });
    await app.until(() => !!$('[data-testid=duty-week]'), 'duty screen');
    const now = $('[data-testid=duty-now]')!.textContent!;
    expect(now).toContain('王小明');
    expect(now).toContain('0000-5550111');
    expect(now).not.toContain('李芳'); // B02 starts at 13:30
    expect($('[data-testid=duty-today]')!.textContent).toContain('13:30–17:00');
    expect($$('[data-testid=duty-week] thead th').length).toBe(8);
  });

  it('refreshes by the minute: at 13:31 the afternoon shift is on, after 17:00 nobody', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      const engine = new FakeEngine(NOW);
      app = await renderKiosk({ path: '/duty', engine });
      await app.until(() => !!$('[data-testid=duty-now]'), 'duty screen');
      engine.nowMs = Date.parse('2026-11-23T13:31:00+08:00');
      await act(async () => {
        await vi.advanceTimersByTimeAsync(61_000);
      });
      await app.until(() => $('[data-testid=duty-now]')!.textContent!.includes('李芳'), 'afternoon shift on duty');
      engine.nowMs = Date.parse('2026-11-23T17:00:30+08:00');
      await act(async () => {
        await vi.advanceTimersByTimeAsync(61_000);
      });
      await app.until(() => !!$('[data-testid=duty-nobody]'), 'nobody after hours');
      // Nobody on duty: the board says who comes next, and when.
      expect($('[data-testid=duty-next]')?.textContent).toMatch(/下一班.*周二 09:00–17:00 A01 民政综合窗口 王小明/);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('notices', () => {
  it('shows only visible notices and renders markdown safely (no markup from content)', async () => {
    app = await renderKiosk({ path: '/notices' });
    await app.until(() => $$('[data-testid=notice-list] li').length === 1, 'one visible notice');
    expect(app.text()).not.toContain('已过期的通知');
    expect(app.text()).not.toContain('尚未发布的通知');
    await app.click($('[data-testid=notice-list] a'));
    await app.until(() => !!$('.notice-detail .prose'), 'notice detail');
    const prose = $('.notice-detail .prose')!;
    expect(prose.querySelector('strong')?.textContent).toBe('暂停办理');
    expect(prose.querySelectorAll('ul li').length).toBe(2);
    expect(prose.querySelector('script')).toBeNull();
    expect(prose.querySelector('a')).toBeNull();
    expect(prose.textContent).toContain('<script>alert(1)</script>');
  });
});

describe('records naming one that was withdrawn at once (the console warns, the kiosk must still read well)', () => {
  // fee-gbf, official off-wang and window B02 are gone; the guide and the shifts still name them.
  const withoutWithdrawn = () =>
    allFixtures()
      .filter((r) => !['fee-gbf', 'off-wang'].includes((r as { id: string }).id))
      .map((r) => ((r as { id: string }).id === hall.id ? { ...hall, windows: hall.windows.filter((w) => w.id !== 'B02') } : r));

  it('shows a guide whose fee item and window are gone: the fee says it is missing, the window its number', async () => {
    app = await renderKiosk({ path: '/guides/guide-budongchan', records: withoutWithdrawn() });
    await app.until(() => !!$('[data-testid=fees]'), 'guide detail');
    const fees = $('[data-testid=fees]')!.textContent!;
    expect(fees).toContain('¥80.00（元/件）');
    expect(fees).toContain('收费标准暂缺（编号 fee-gbf）');
    expect(app.text()).toContain('B02');
    expect(app.text()).not.toMatch(/undefined|NaN|null/);
  });

  it('shows the duty board with a shift whose official and window are gone: "window staff" and the window number, no internal id', async () => {
    app = await renderKiosk({ path: '/duty', records: withoutWithdrawn() });
    await app.until(() => !!$('[data-testid=duty-week]'), 'duty screen');
    expect($('[data-testid=duty-now]')!.textContent).toContain('窗口工作人员');
    expect(app.text()).not.toContain('off-wang');
    expect($('[data-testid=duty-today]')!.textContent).toContain('B02');
    expect(app.text()).not.toMatch(/undefined|NaN|null/);
  });
});

describe('home, chrome and offline', () => {
  it('shows the offline banner with the time of the last update', async () => {
    const engine = new FakeEngine(NOW, { online: false, lastSyncAt: '2026-11-22T17:45:00+08:00' });
    app = await renderKiosk({ engine });
    await app.until(() => !!$('[data-testid=offline-banner]'), 'offline banner');
    expect($('[data-testid=offline-banner]')!.textContent).toContain('离线 · 数据更新于 11-22 17:45');
    engine.setStatus({ online: true });
    await app.until(() => !$('[data-testid=offline-banner]'), 'banner gone when back online');
  });

  it('switches interface language and elder mode in one tap, content stays as published', async () => {
    app = await renderKiosk({ path: '/guides/guide-dibao' });
    await app.until(() => !!$('[data-testid=materials]'), 'guide');
    await app.click($$('.toolbar-language').find((b) => b.textContent === 'EN'));
    await app.until(() => app!.text().includes('Documents to bring'), 'English chrome');
    expect(app.text()).toContain('居民身份证');
    expect(document.documentElement.lang).toBe('en');
    await app.click($('.toolbar-elder'));
    expect(document.documentElement.classList.contains('elder')).toBe(true);
    expect(document.documentElement.dataset.elder).toBe('true');
  });

  it('in 繁體 mode shows content in traditional characters, and 简体 brings the published text back', async () => {
    app = await renderKiosk({ path: '/guides/guide-dibao' });
    await app.until(() => !!$('[data-testid=materials]'), 'guide');
    expect(app.text()).toContain('居民身份证');
    await app.click($$('.toolbar-language').find((b) => b.textContent === '繁體'));
    await app.until(() => app!.text().includes('居民身份證'), 'traditional content');
    expect(app.text()).not.toContain('居民身份证');
    expect(document.title).toBe('政務服務查詢');
    expect($('.guide-main')!.getAttribute('lang')).toBe('zh-Hant');
    // A screen drawn later (the list) is converted too, and its interface words are traditional.
    await app.click($$('.toolbar-button').find((b) => b.textContent?.includes('首頁')));
    await app.until(() => !!$('[data-testid=tile-guides]'), 'home');
    await app.click($('[data-testid=tile-guides]'));
    await app.until(() => $$('[data-testid=guide-list] li').length > 0, 'list');
    await app.until(() => !/个人/.test($('[data-testid=guide-list]')!.textContent!), 'no simplified audience labels');
    expect($('[data-testid=guide-list]')!.textContent).toContain('個人');
    await app.click($$('.toolbar-language').find((b) => b.textContent === '简体'));
    await app.until(() => $('[data-testid=guide-list]')!.textContent!.includes('个人'), 'simplified again');
    expect($('[data-testid=guide-list] a [lang]')?.getAttribute('lang') ?? 'zh-Hans').toBe('zh-Hans');
    expect(document.title).toBe('政务服务查询');
  });

  it('shows the first-run progress bar until the snapshot is in', async () => {
    const engine = new FakeEngine(NOW, {
      cursor: null,
      phase: 'snapshot',
      snapshotProgress: { loadedBytes: 500, totalBytes: 1000, appliedRecords: 0, totalRecords: null },
    });
    app = await renderKiosk({ engine });
    await app.until(() => !!$('[role=progressbar]'), 'progress bar');
    expect($('[role=progressbar]')!.getAttribute('aria-valuenow')).toBe('25');
    engine.setStatus({ snapshotProgress: { loadedBytes: 1000, totalBytes: 1000, appliedRecords: 50, totalRecords: 100 } });
    await app.until(() => $('[role=progressbar]')?.getAttribute('aria-valuenow') === '75', '75 %');
    engine.setStatus({ phase: 'idle', cursor: 12, snapshotProgress: null });
    await app.until(() => !!$('[data-testid=tile-guides]'), 'home after the snapshot');
  });

  it('keeps a tap made during the first-run download and opens it when the content is in', async () => {
    const engine = new FakeEngine(NOW, {
      cursor: null,
      phase: 'snapshot',
      snapshotProgress: { loadedBytes: 200, totalBytes: 1000, appliedRecords: 0, totalRecords: null },
    });
    app = await renderKiosk({ engine });
    await app.until(() => !!$('[data-testid=first-run-tile-fees]'), 'tiles on the first-run screen');
    expect($('[data-testid=first-run-choice]')!.textContent).toContain('可以先选择');
    await app.click($('[data-testid=first-run-tile-fees]'));
    expect($('[data-testid=first-run-choice]')!.textContent).toBe('已选择「收费标准」，下载完成后自动打开。');
    expect($('[data-testid=first-run-tile-fees]')!.getAttribute('aria-pressed')).toBe('true');
    engine.setStatus({ phase: 'idle', cursor: 12, snapshotProgress: null });
    await app.until(() => app!.history.location.pathname === '/fees', 'the chosen screen opens');
    await app.until(() => !!$('[data-testid=fee-list]'), 'fees screen');
  });
});
