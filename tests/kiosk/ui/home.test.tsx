// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
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
