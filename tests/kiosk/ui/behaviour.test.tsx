// @vitest-environment happy-dom
/** Kiosk behaviour: idle reset, hidden staff panel, error recovery, lockdown. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '../../../src/kiosk/app/ErrorBoundary';
import { installLockdown } from '../../../src/kiosk/app/lockdown';
import { renderKiosk, type Rendered } from './support/render-kiosk';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
  vi.useRealTimers();
});
const $ = (sel: string) => app!.container.querySelector(sel);
const $$ = (sel: string) => [...app!.container.querySelectorAll(sel)];

async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

describe('idle reset', () => {
  it('warns after the configured idle time, counts down, then resets the visit to a clean home', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    app = await renderKiosk({ path: '/guides?audience=legal-entity', config: { idleTimeoutSeconds: 30 } });
    await app.until(() => $$('[data-testid=guide-list] li').length === 1, 'filtered list');
    await app.click($('.toolbar-elder'));
    await app.click($$('.toolbar-language').find((b) => b.textContent === '繁體'));
    await app.until(() => document.documentElement.lang === 'zh-Hant', 'traditional chrome');
    document.dispatchEvent(new Event('pointerdown')); // the person's last touch

    await advance(29_000);
    expect($('[role=alertdialog]')).toBeNull();
    await advance(1_500);
    expect($('[role=alertdialog]')?.textContent).toContain('還在使用嗎？');
    expect($('#idle-countdown')?.textContent).toBe('10 秒後將返回首頁');
    await advance(3_000);
    expect($('#idle-countdown')?.textContent).toBe('7 秒後將返回首頁');
    await advance(7_500);
    expect($('[role=alertdialog]')).toBeNull();
    expect(app.history.location.pathname).toBe('/');
    expect(app.history.location.search).toBe('');
    expect(document.documentElement.lang).toBe('zh-Hans');
    expect(document.documentElement.classList.contains('elder')).toBe(false);
    await app.until(() => !!$('[data-testid=tile-guides]'), 'home');
  });

  it('"继续使用" or any touch keeps the visit as it is', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    app = await renderKiosk({ path: '/guides/guide-dibao', config: { idleTimeoutSeconds: 20 } });
    await app.until(() => !!$('[data-testid=materials]'), 'guide');
    await advance(21_000);
    expect($('[role=alertdialog]')?.textContent).toContain('还在使用吗？');
    await app.click($('[role=alertdialog] button'));
    expect($('[role=alertdialog]')).toBeNull();
    await advance(15_000);
    expect($('[role=alertdialog]')).toBeNull();
    expect(app.history.location.pathname).toBe('/guides/guide-dibao');
    document.dispatchEvent(new Event('pointerdown'));
    await advance(15_000);
    expect($('[role=alertdialog]')).toBeNull();
  });

  it('on an untouched home screen starts the attract loop, which a touch ends', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    app = await renderKiosk({ config: { idleTimeoutSeconds: 20 } });
    await app.until(() => !!$('[data-testid=tile-guides]'), 'home');
    await advance(21_000);
    await app.until(() => !!$('[data-testid=attract]') && app!.text().includes('示例县政务服务中心'), 'attract loop');
    expect($('[role=alertdialog]')).toBeNull();
    await advance(8_500);
    await app.until(() => $('[data-testid=attract]')!.textContent!.includes('元旦假期办事安排'), 'notice slide');
    await act(() => {
      $('[data-testid=attract]')!.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    });
    expect($('[data-testid=attract]')).toBeNull();
  });
});

describe('staff panel', () => {
  it('opens after five taps in the corner within 3 s and the right PIN, and shows sync facts', async () => {
    app = await renderKiosk({ pin: '2468' });
    await app.until(() => !!$('[data-testid=tile-guides]'), 'home');
    const corner = $('[data-testid=staff-corner]')!;
    const tap = () => act(() => void corner.dispatchEvent(new Event('pointerdown', { bubbles: true })));
    for (let i = 0; i < 4; i++) await tap();
    expect($('.pin-dialog')).toBeNull();
    await tap();
    await app.until(() => !!$('.pin-dialog'), 'PIN dialog');
    const key = (label: string) => app!.click($$('.pin-dialog button').find((b) => b.textContent === label));
    for (const d of '1111') await key(d);
    await key('确定');
    await app.until(() => app!.text().includes('密码不正确'), 'wrong PIN message');
    for (const d of '2468') await key(d);
    await key('确定');
    await app.until(() => !!$('.staff-panel'), 'staff panel');
    expect($('[data-testid=staff-kiosk]')?.textContent).toBe('kiosk-county-1');
    expect($('[data-testid=staff-cursor-head]')?.textContent).toBe('10 / 10');
    expect($('[data-testid=staff-storage]')?.textContent).toContain('MB');
    await app.click($$('.staff-panel button').find((b) => b.textContent === '立即同步'));
    expect(app.engine.syncCalls).toBe(1);
  });

  it('ignores taps spread over more than 3 s', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    app = await renderKiosk();
    await app.until(() => !!$('[data-testid=tile-guides]'), 'home');
    const corner = $('[data-testid=staff-corner]')!;
    for (let i = 0; i < 5; i++) {
      await act(() => void corner.dispatchEvent(new Event('pointerdown', { bubbles: true })));
      vi.setSystemTime(Date.now() + 900);
    }
    expect($('.pin-dialog')).toBeNull();
  });
});

describe('error recovery', () => {
  it('shows 正在恢复 instead of a script error, then recovers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let broken = true;
    const Flaky = () => {
      if (broken) throw new Error('boom');
      return <p>fine</p>;
    };
    const el = document.createElement('div');
    document.body.append(el);
    await act(() =>
      render(
        <ErrorBoundary message="正在恢复" hint="请稍候">
          <Flaky />
        </ErrorBoundary>,
        el,
      ),
    );
    expect(el.textContent).toContain('正在恢复');
    expect(el.textContent).not.toContain('boom');
    broken = false;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3000);
    });
    expect(el.textContent).toBe('fine');
    render(null, el);
  });
});

describe('lockdown', () => {
  it('blocks the context menu, text selection and links to other origins', () => {
    const undo = installLockdown(document);
    try {
      const menu = new Event('contextmenu', { cancelable: true, bubbles: true });
      document.body.dispatchEvent(menu);
      expect(menu.defaultPrevented).toBe(true);
      const select = new Event('selectstart', { cancelable: true, bubbles: true });
      document.body.dispatchEvent(select);
      expect(select.defaultPrevented).toBe(true);
      const away = document.createElement('a');
      away.href = 'https://example.com/elsewhere';
      document.body.append(away);
      const click = new MouseEvent('click', { cancelable: true, bubbles: true });
      away.dispatchEvent(click);
      expect(click.defaultPrevented).toBe(true);
      const inside = document.createElement('a');
      inside.href = `${location.origin}/guides`;
      document.body.append(inside);
      const ok = new MouseEvent('click', { cancelable: true, bubbles: true });
      inside.dispatchEvent(ok);
      expect(ok.defaultPrevented).toBe(false);
      expect(window.open('https://example.com')).toBeNull();
      away.remove();
      inside.remove();
    } finally {
      undo();
    }
  });
});

describe('read-aloud voice', () => {
  it('offers read-aloud only with a Chinese voice, preferring simplified Chinese', async () => {
    const { findChineseVoice } = await import('../../../src/kiosk/screens/guides/read-aloud');
    const voice = (lang: string) => ({ lang, name: lang }) as SpeechSynthesisVoice;
    expect(findChineseVoice([voice('en-GB'), voice('de-DE')])).toBeUndefined();
    expect(findChineseVoice([voice('en-US'), voice('zh-TW'), voice('zh-CN')])?.lang).toBe('zh-CN');
    expect(findChineseVoice([voice('zh-HK')])?.lang).toBe('zh-HK');
  });

  it('hides the read-aloud button where the browser has no Chinese voice', async () => {
    app = await renderKiosk({ path: '/guides/guide-dibao', config: { publicUrl: 'https://zwfw.example.gov.cn' } });
    await app.until(() => !!$('svg.qr'), 'guide with QR');
    expect($$('button').some((b) => b.textContent?.includes('朗读'))).toBe(false);
  });
});

describe('theme', () => {
  it('applies the config theme to the page', async () => {
    app = await renderKiosk({ config: { theme: 'high-contrast' } });
    await app.until(() => document.documentElement.dataset.theme === 'high-contrast', 'theme attribute');
  });
});
