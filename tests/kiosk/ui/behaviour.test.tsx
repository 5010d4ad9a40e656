// @vitest-environment happy-dom
/** Kiosk behaviour: idle reset, hidden staff panel, error recovery, lockdown. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '../../../src/kiosk/app/ErrorBoundary';
import { holdActivity } from '../../../src/kiosk/app/activity';
import { installLockdown } from '../../../src/kiosk/app/lockdown';
import { kioskLog } from '../../../src/kiosk/log/kiosk-log';
import { FakeEngine } from './support/fake-engine';
import { NOW } from './support/fixtures';
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
    // Elder mode is on: the default elder warning is 30 s (20 s otherwise), never the old 10 s.
    expect($('#idle-countdown')?.textContent).toBe('30 秒後將返回首頁');
    await advance(3_000);
    expect($('#idle-countdown')?.textContent).toBe('27 秒後將返回首頁');
    await advance(26_000);
    expect($('[role=alertdialog]')).not.toBeNull();
    await advance(1_500);
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

  it('gives at least 20 s to answer by default, and as long as the kiosk config says', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    app = await renderKiosk({ path: '/guides', config: { idleTimeoutSeconds: 20 } });
    await app.until(() => $$('[data-testid=guide-list] li').length > 0, 'list');
    await advance(20_500);
    expect($('#idle-countdown')?.textContent).toBe('20 秒后将返回首页');
    await advance(19_000);
    expect(app.history.location.pathname).toBe('/guides');
    app.unmount();

    app = await renderKiosk({ path: '/guides', config: { idleTimeoutSeconds: 20, idleWarningSeconds: 45 } });
    await app.until(() => $$('[data-testid=guide-list] li').length > 0, 'list');
    await advance(20_500);
    expect($('#idle-countdown')?.textContent).toBe('45 秒后将返回首页');
    await advance(44_000);
    expect(app.history.location.pathname).toBe('/guides');
    await advance(1_500);
    expect(app.history.location.pathname).toBe('/');
  });

  it('speech that is playing counts as activity: no warning until it ends', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    app = await renderKiosk({ path: '/guides/guide-dibao', config: { idleTimeoutSeconds: 20 } });
    await app.until(() => !!$('[data-testid=materials]'), 'guide');
    const release = holdActivity(); // what the read-aloud player does while it speaks
    await advance(180_000);
    expect($('[role=alertdialog]')).toBeNull();
    release();
    await advance(19_000);
    expect($('[role=alertdialog]')).toBeNull();
    await advance(2_000);
    expect($('[role=alertdialog]')).not.toBeNull();
  });

  it('an open form doubles the idle time before the warning', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    app = await renderKiosk({ path: '/guides/guide-dibao', config: { idleTimeoutSeconds: 20 } });
    await app.until(() => !!$('[data-testid=materials]'), 'guide');
    const form = document.createElement('form'); // stands for a rating or message form on the screen
    $('main')!.appendChild(form);
    await advance(30_000);
    expect($('[role=alertdialog]')).toBeNull();
    await advance(11_000);
    expect($('[role=alertdialog]')).not.toBeNull();
    form.remove();
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
    // The kiosk log's last lines, newest last, and new lines as they are written.
    kioskLog.warn('search index not saved', new Error('QuotaExceededError'));
    await app.until(
      () => ($('[data-testid=staff-log]')?.textContent ?? '').includes('WARN search index not saved: QuotaExceededError'),
      'log line',
    );
    kioskLog.error('sync cycle failed unexpectedly', new Error('boom'));
    await app.until(
      () => ($('[data-testid=staff-log]')?.textContent ?? '').includes('ERROR sync cycle failed unexpectedly: boom'),
      'new log line',
    );
    await app.click($$('.staff-panel button').find((b) => b.textContent === '立即同步'));
    expect(app.engine.syncCalls).toBe(1);
    // Persistent storage was granted (the fake engine says so): no warning.
    expect($('[data-testid=staff-storage-warning]')).toBeNull();
  });

  it('warns staff when the browser did not grant persistent storage', async () => {
    const engine = new FakeEngine(NOW, { storage: { usage: 1_500_000, quota: 100_000_000, persisted: false } });
    app = await renderKiosk({ pin: '2468', engine });
    await app.until(() => !!$('[data-testid=tile-guides]'), 'home');
    const corner = $('[data-testid=staff-corner]')!;
    for (let i = 0; i < 5; i++) await act(() => void corner.dispatchEvent(new Event('pointerdown', { bubbles: true })));
    await app.until(() => !!$('.pin-dialog'), 'PIN dialog');
    for (const d of '2468') await app.click($$('.pin-dialog button').find((b) => b.textContent === d));
    await app.click($$('.pin-dialog button').find((b) => b.textContent === '确定'));
    await app.until(() => !!$('.staff-panel'), 'staff panel');
    expect($('[data-testid=staff-storage-warning]')?.textContent).toContain('不是持久存储');
    expect($('[data-testid=staff-storage]')?.textContent).toContain('非持久存储');
  });

  it('locks the staff panel after 5 wrong PINs, saying for how long in Chinese, even for the right PIN', async () => {
    localStorage.clear();
    app = await renderKiosk({ pin: '2468' });
    await app.until(() => !!$('[data-testid=tile-guides]'), 'home');
    const corner = $('[data-testid=staff-corner]')!;
    for (let i = 0; i < 5; i++) await act(() => void corner.dispatchEvent(new Event('pointerdown', { bubbles: true })));
    await app.until(() => !!$('.pin-dialog'), 'PIN dialog');
    const key = (label: string) => app!.click($$('.pin-dialog button').find((b) => b.textContent === label));
    const enter = async (pin: string) => {
      for (const d of pin) await key(d);
      await key('确定');
    };
    await enter('1111');
    await app.until(() => app!.text().includes('密码不正确（还可再试 4 次）'), 'attempts left');
    for (let i = 0; i < 4; i++) await enter('1111');
    await app.until(() => app!.text().includes('密码错误次数过多，维护面板已锁定，请 5 分钟后再试'), 'locked message');
    await enter('2468');
    await app.until(() => app!.text().includes('请 5 分钟后再试'), 'still locked');
    expect($('.staff-panel')).toBeNull();
    localStorage.clear();
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

  it('with a system voice: read, pause, continue, read again, stop; the visit stays active; volume resets for the next visitor', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const synth = installFakeSpeech();
    try {
      app = await renderKiosk({ path: '/guides/guide-dibao', config: { idleTimeoutSeconds: 20 } });
      await app.until(() => !!$('[data-testid=read-aloud]'), 'read-aloud button');
      await app.click($('[data-testid=read-aloud]'));
      await app.until(() => synth.spoken.length === 1, 'first piece spoken');
      expect(synth.spoken[0]).toContain('低保');
      expect(synth.volumes[0]).toBe(0.8);
      await app.click($('[data-testid=read-pause]'));
      expect(synth.paused).toBe(true);
      await app.click($('[data-testid=read-resume]'));
      expect(synth.paused).toBe(false);
      // Louder, then the next piece is spoken at the new volume.
      await app.click($('.read-aloud-volume button[aria-label=音量增大]'));
      expect($('[data-testid=read-volume]')!.textContent).toBe('音量 100%');
      await act(() => synth.finishCurrent());
      expect(synth.volumes.at(-1)).toBe(1);
      // Speaking for minutes is activity: no idle warning.
      await advance(120_000);
      expect($('[role=alertdialog]')).toBeNull();
      await app.click($('[data-testid=read-repeat]'));
      expect(synth.spoken.at(-1)).toBe(synth.spoken[0]);
      await app.click($('[data-testid=read-stop]'));
      expect(synth.cancels).toBeGreaterThan(0);
      await app.until(() => !!$('[data-testid=read-aloud]'), 'back to the read button');
      // Nobody touches: the reset comes, and the next person hears the default volume.
      await advance(45_000);
      expect(app.history.location.pathname).toBe('/');
      await app.click($('[data-testid=tile-guides]'));
      await app.until(() => $$('[data-testid=guide-list] a').length > 0, 'list');
      await app.click($$('[data-testid=guide-list] a').find((a) => a.textContent?.includes('低保')));
      await app.until(() => !!$('[data-testid=read-aloud]'), 'read-aloud button');
      const before = synth.spoken.length;
      await app.click($('[data-testid=read-aloud]'));
      await app.until(() => synth.spoken.length > before, 'speaking again');
      expect($('[data-testid=read-volume]')!.textContent).toBe('音量 80%');
      expect(synth.volumes.at(-1)).toBe(0.8);
    } finally {
      synth.uninstall();
    }
  });
});

/** A speechSynthesis with one zh-CN voice that records what it is asked to say. */
function installFakeSpeech() {
  const g = globalThis as unknown as Record<string, unknown>;
  const before = { speechSynthesis: g.speechSynthesis, SpeechSynthesisUtterance: g.SpeechSynthesisUtterance };
  class Utterance {
    voice: unknown = null;
    lang = '';
    rate = 1;
    volume = 1;
    onend: (() => void) | null = null;
    onerror: (() => void) | null = null;
    constructor(public text: string) {}
  }
  let current: Utterance | undefined;
  const synth = {
    spoken: [] as string[],
    volumes: [] as number[],
    paused: false,
    cancels: 0,
    getVoices: () => [{ lang: 'zh-CN', name: 'Test Chinese' }],
    addEventListener() {},
    removeEventListener() {},
    speak(u: Utterance) {
      current = u;
      synth.spoken.push(u.text);
      synth.volumes.push(u.volume);
    },
    pause() {
      synth.paused = true;
    },
    resume() {
      synth.paused = false;
    },
    cancel() {
      synth.cancels++;
      current = undefined;
    },
    finishCurrent() {
      const u = current;
      current = undefined;
      u?.onend?.();
    },
    uninstall() {
      g.speechSynthesis = before.speechSynthesis;
      g.SpeechSynthesisUtterance = before.SpeechSynthesisUtterance;
    },
  };
  g.speechSynthesis = synth;
  g.SpeechSynthesisUtterance = Utterance;
  return synth;
}

describe('theme', () => {
  it('applies the config theme to the page', async () => {
    app = await renderKiosk({ config: { theme: 'high-contrast' } });
    await app.until(() => document.documentElement.dataset.theme === 'high-contrast', 'theme attribute');
  });
});
