// @vitest-environment happy-dom
/** The resident's side of 好差评: the rating dialog from a guide, and the question at the end of a visit. */
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attachSink, configureFeedback } from '../../../src/kiosk/feedback/track';
import type { FeedbackItemInput } from '../../../src/shared/feedback';
import { renderKiosk, type Rendered } from '../ui/support/render-kiosk';

let app: Rendered | undefined;
let stored: FeedbackItemInput[] = [];
beforeEach(async () => {
  stored = [];
  configureFeedback({ kioskId: 'kiosk-test', now: () => Date.now() });
  await attachSink({ add: async (item) => void stored.push(item) });
});
afterEach(() => {
  app?.unmount();
  app = undefined;
  vi.useRealTimers();
});
const ratings = () => stored.filter((i) => i.kind === 'rating');
const $ = (sel: string) => app!.container.querySelector(sel) as HTMLElement | null;
const $$ = (sel: string) => [...app!.container.querySelectorAll(sel)] as HTMLElement[];

describe('rating a guide', () => {
  it('offers the five national levels, none chosen; a bad one asks reasons, text and an optional phone', async () => {
    app = await renderKiosk({ path: '/guides/guide-dibao' });
    await app.until(() => !!$('[data-testid=rate-button]'), 'rate button');
    await app.click($('[data-testid=rate-button]'));
    await app.until(() => !!$('[data-testid=rating-levels]'), 'dialog');
    const levels = $$('[data-testid=rating-levels] button');
    expect(levels.map((b) => b.textContent)).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    expect(levels.every((b) => b.getAttribute('aria-pressed') === 'false')).toBe(true);
    expect(($('[data-testid=feedback-submit]') as HTMLButtonElement).disabled).toBe(true);
    expect($('[data-testid=rating-reasons]')).toBeNull();

    await app.click(levels[3]!); // 不满意
    await app.until(() => !!$('[data-testid=rating-reasons]'), 'reasons');
    expect($$('[data-testid=rating-reasons] button').map((b) => b.textContent)).toEqual([
      '指南不准确',
      '材料要求多',
      '等候时间长',
      '服务态度差',
      '办理时间长',
      '多次跑腿',
      '其他',
    ]);
    expect($('#feedback-consent')?.textContent).toContain('同意工作人员为处理这条评价给您回电');
    await app.click($('[data-reason=long-wait]'));
    await app.click($('[data-reason=repeat-visits]'));
    for (const k of 'paole') await app.click($(`.feedback-keys [data-key=${k}]`));
    // The phone field takes the keypad; a short number is refused with a plain reason.
    await act(() => $('#feedback-phone')!.focus());
    for (const k of '1381234') await app.click($(`.feedback-keys [data-key="${k}"]`));
    await app.click($('[data-testid=feedback-submit]'));
    expect($('[role=alert]')?.textContent).toContain('这不是电话号码');
    expect(ratings()).toEqual([]);
    for (const k of '5678') await app.click($(`.feedback-keys [data-key="${k}"]`));
    await app.click($('[data-testid=feedback-submit]'));
    await app.until(() => !!$('[data-testid=feedback-thanks]'), 'thanks');
    expect(ratings()).toHaveLength(1);
    expect(ratings()[0]).toMatchObject({
      kind: 'rating',
      kioskId: 'kiosk-test',
      level: 2,
      subject: { type: 'guide', id: 'guide-dibao' },
      reasons: ['long-wait', 'repeat-visits'],
      text: 'paole',
      phone: '13812345678',
    });
    expect(ratings()[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the comment keyboard turns pinyin into characters from a candidate bar', async () => {
    app = await renderKiosk({ path: '/guides/guide-dibao' });
    await app.until(() => !!$('[data-testid=rate-button]'), 'rate button');
    await app.click($('[data-testid=rate-button]'));
    await app.until(() => !!$('[data-testid=rating-levels]'), 'dialog');
    await app.click($('[data-level="1"]'));
    // The candidate table is a lazy chunk, loaded once the comment box shows.
    await app.until(() => !!$('.feedback-keys[data-pinyin=candidates]'), 'candidate table');
    const comment = () => ($('#feedback-text') as HTMLTextAreaElement).value;
    const tap = async (keys: string) => {
      for (const k of keys) await app!.click($(`.feedback-keys [data-key=${k}]`));
    };
    await tap('manle');
    expect($('[data-testid=pinyin-letters]')?.textContent).toContain('manle');
    expect(comment()).toBe('');
    const offered = $$('[data-testid=pinyin-bar] .pinyin-candidate').map((b) => b.textContent);
    expect(offered).toContain('慢');
    expect($('[data-testid=pinyin-bar] [data-char=慢]')?.getAttribute('aria-label')).toBe('输入“慢”（man）');
    await app.click($('[data-testid=pinyin-bar] [data-char=慢]'));
    expect(comment()).toBe('慢');
    expect($('[data-testid=pinyin-letters]')?.textContent).toContain('le');
    await app.click($('[data-testid=pinyin-bar] [data-char=了]'));
    expect(comment()).toBe('慢了');
    expect($('[data-testid=pinyin-bar]')).toBeNull();
    // Delete takes composing letters first, then the comment; "字母" keeps letters as typed.
    await tap('ok');
    await app.click($('.feedback-keys [data-key=backspace]'));
    expect($('[data-testid=pinyin-letters]')?.textContent).toContain('o');
    expect(comment()).toBe('慢了');
    await app.click($('[data-testid=pinyin-bar] [data-key=keep-letters]'));
    expect(comment()).toBe('慢了o');
    await app.click($('.feedback-keys [data-key=backspace]'));
    expect(comment()).toBe('慢了');
    // Letters still composing when the resident submits go in as typed: nothing typed is lost.
    await tap('hao');
    await app.click($('[data-testid=feedback-submit]'));
    await app.until(() => ratings().length === 1, 'stored');
    expect(ratings()[0]).toMatchObject({ level: 1, text: '慢了hao' });
  });

  it('a good rating sends no reasons, text or phone', async () => {
    app = await renderKiosk({ path: '/guides/guide-dibao' });
    await app.until(() => !!$('[data-testid=rate-button]'), 'rate button');
    await app.click($('[data-testid=rate-button]'));
    await app.until(() => !!$('[data-testid=rating-levels]'), 'dialog');
    await app.click($('[data-level="5"]'));
    expect($('#feedback-phone')).toBeNull();
    await app.click($('[data-testid=feedback-submit]'));
    await app.until(() => ratings().length === 1, 'stored');
    expect(ratings()[0]).toMatchObject({ level: 5, reasons: [], text: '', phone: null });
  });
});

describe('the question at the end of a visit', () => {
  it('asks inside the idle warning, records the answer and still clears the screen on time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    app = await renderKiosk({ path: '/guides/guide-dibao', config: { idleTimeoutSeconds: 30 } });
    await app.until(() => !!$('[data-testid=rate-button]'), 'guide');
    document.dispatchEvent(new Event('pointerdown'));
    await act(async () => void (await vi.advanceTimersByTimeAsync(29_000)));
    await act(async () => void (await vi.advanceTimersByTimeAsync(1_500)));
    expect($('[role=alertdialog]')?.textContent).toContain('还在使用吗');
    expect($('[data-testid=visit-question]')).not.toBeNull();
    const answer = $('[data-testid=visit-question] [data-level="4"]')!;
    answer.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    await app.click(answer);
    await app.until(() => stored.some((i) => i.kind === 'rating'), 'visit rating');
    expect(stored.find((i) => i.kind === 'rating')).toMatchObject({ level: 4, subject: { type: 'visit' } });
    // Answering did not hold the screen: the 20 s countdown ends and the visit is counted.
    await act(async () => void (await vi.advanceTimersByTimeAsync(21_000)));
    expect($('[role=alertdialog]')).toBeNull();
    expect(app.history.location.pathname).toBe('/');
    expect(stored.some((i) => i.kind === 'usage' && i.event === 'visit')).toBe(true);
    expect(stored.some((i) => i.kind === 'usage' && i.event === 'guide' && i.target === 'guide-dibao')).toBe(true);
  });
});
