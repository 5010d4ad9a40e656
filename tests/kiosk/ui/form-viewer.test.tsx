// @vitest-environment happy-dom
/** The form viewer when the file is not on the kiosk: a plain message, and the guide still opens. */
import { afterEach, describe, expect, it } from 'vitest';
import { allFixtures, guides } from './support/fixtures';
import { renderKiosk, type Rendered } from './support/render-kiosk';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const $ = (sel: string) => app!.container.querySelector(sel);
const $$ = (sel: string) => [...app!.container.querySelectorAll(sel)];
const missingForm = { sha256: 'a'.repeat(64), type: 'application/pdf' as const, size: 1234, alt: '' };

describe('form viewer', () => {
  it('offers the blank form from the guide; a file not stored yet says so and the guide opens again', async () => {
    const dibao = { ...guides[0]!, materials: guides[0]!.materials.map((m, i) => (i === 0 ? { ...m, blankForm: missingForm } : m)) };
    const records = [...allFixtures().filter((r) => (r as { id: string }).id !== dibao.id), dibao];
    app = await renderKiosk({ path: `/guides/${dibao.id}`, records });
    await app.until(() => $$('.material-forms a').length === 1, 'one form link');
    expect($('.material-forms a')?.textContent).toBe('查看空白表格');
    await app.click($('.material-forms a'));
    await app.until(() => app!.text().includes('这份表格还没有下载到本机'), 'missing-file message');
    expect($('[role=alert]')?.textContent).toContain('到窗口领取纸质表格');
    await app.click($$('a').find((a) => a.textContent === '返回办事指南'));
    await app.until(() => !!$('[data-testid=materials]'), 'guide again');
  });

  it('says there is no form for a material index that does not exist', async () => {
    app = await renderKiosk({ path: `/guides/${guides[0]!.id}/forms/99?kind=sample` });
    await app.until(() => app!.text().includes('这项材料没有可查看的表格'), 'no-form message');
  });
});
