// @vitest-environment happy-dom
/** The on-screen keyboard on its own: every key a labelled button that reports what it is for. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { OnScreenKeyboard } from '../../../src/kiosk/search/OnScreenKeyboard';
import { searchStrings } from '../../../src/kiosk/search/strings';

let container: HTMLDivElement;
afterEach(() => {
  render(null, container);
  container.remove();
});

function mount(language: 'zh-Hans' | 'en' = 'zh-Hans') {
  const typed: string[] = [];
  container = document.createElement('div');
  document.body.append(container);
  act(() => {
    render(
      <OnScreenKeyboard
        t={searchStrings(language)}
        onKey={(k) => typed.push(k)}
        onBackspace={() => typed.push('⌫')}
        onClear={() => typed.push('clear')}
        onSearch={() => typed.push('search')}
      />,
      container,
    );
  });
  const key = (k: string) => container.querySelector<HTMLButtonElement>(`[data-key="${k}"]`)!;
  return { typed, key };
}

describe('on-screen keyboard', () => {
  it('has A–Z, 0–9, space, backspace, clear and search, all buttons with spoken labels', () => {
    const { key } = mount();
    const keys = [...container.querySelectorAll('button')];
    expect(keys).toHaveLength(40);
    expect(key('space').getAttribute('aria-label')).toBe('输入空格');
    for (const k of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') expect(key(k), k).toBeTruthy();
    expect(key('A').getAttribute('aria-label')).toBe('字母 A');
    expect(key('7').getAttribute('aria-label')).toBe('数字 7');
    expect(key('backspace').getAttribute('aria-label')).toBe('删除最后一个字符');
    expect(key('clear').getAttribute('aria-label')).toBe('清空输入');
    expect(key('search').textContent).toBe('搜索');
    expect(keys.every((b) => b.type === 'button')).toBe(true);
    expect(container.querySelector('[role=group]')?.getAttribute('aria-label')).toBe('屏幕键盘');
  });

  it('types lower-case letters and digits and reports the action keys', () => {
    const { typed, key } = mount();
    for (const k of ['D', 'B', 'space', '1', 'backspace', 'clear', 'search']) act(() => key(k).click());
    expect(typed).toEqual(['d', 'b', ' ', '1', '⌫', 'clear', 'search']);
  });

  it('speaks the interface language', () => {
    const { key } = mount('en');
    expect(key('Q').getAttribute('aria-label')).toBe('Letter Q');
    expect(key('search').textContent).toBe('Search');
  });
});
