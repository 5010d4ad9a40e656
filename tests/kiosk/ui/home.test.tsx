// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { FakeEngine } from './support/fake-engine';
import { renderKiosk, type Rendered } from './support/render-kiosk';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

describe('home screen', () => {
  it('shows the five tiles, the hall name, the hall-local time and data freshness', async () => {
    app = await renderKiosk();
    await app.until(() => app!.text().includes('示例县政务服务中心'), 'hall name');
    for (const label of ['办事指南', '收费标准', '在岗人员', '通知公告', '搜索']) expect(app.text()).toContain(label);
    // 10:30 in Shanghai, whatever the machine's own timezone is.
    expect(app.container.querySelector('[data-testid=clock]')?.textContent).toBe('10:30');
    expect(app.container.querySelector('[data-testid=freshness]')?.textContent).toContain('数据更新于 10:30');
    expect(app.text()).toContain('周一');
  });

  it.each([
    ['2026-11-23T10:30:00+08:00', '正在办公'],
    ['2026-11-23T12:10:00+08:00', '今天 13:30 开始办公'],
    ['2026-11-23T17:05:00+08:00', '今日已下班，明天 09:00 开门'],
    ['2026-11-28T12:30:00+08:00', '今日已下班，周一 09:00 开门'],
    ['2026-11-29T10:00:00+08:00', '今日不办公，明天 09:00 开门'],
  ])('at %s (hall time) says whether the hall is open: %s', async (now, expected) => {
    app = await renderKiosk({ engine: new FakeEngine(now) });
    await app.until(() => !!app!.container.querySelector('[data-testid=open-status]'), 'open status');
    expect(app.container.querySelector('[data-testid=open-status]')!.textContent).toBe(expected);
  });

  it('lists the notices in force under the tiles, and a tap opens one', async () => {
    app = await renderKiosk();
    await app.until(() => !!app!.container.querySelector('[data-testid=home-notices]'), 'home notices');
    const list = app.container.querySelector('[data-testid=home-notices]')!;
    expect(list.textContent).toContain('元旦假期办事安排');
    expect(list.textContent).toContain('重要');
    // Expired and not yet published notices stay off the home screen too.
    expect(list.textContent).not.toContain('已过期的通知');
    expect(list.textContent).not.toContain('尚未发布的通知');
    await app.click(list.querySelector('a'));
    await app.until(() => app!.text().includes('暂停办理'), 'notice detail');
    expect(app.history.location.pathname).toBe('/notices/notice-md');
  });
});
