/**
 * 预览: a draft as a kiosk will show it. The kiosk itself (its own screens and
 * styles) runs in a frame at a kiosk's real size, 1080×1920 or 1920×1080, scaled
 * down to fit; it shows the draft in place of the published record
 * (src/kiosk/preview). Elder mode and language are set here or on the kiosk's
 * own toolbar; both ways stay in step through same-origin messages.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { PREVIEW_QUERY, type PreviewMessage } from '../../shared/draft-preview';
import type { Language } from '../../shared/kiosk-config';
import { call, client, params, type Answer } from '../client';
import { recordTitle, TYPE_NAMES } from '../format';
import { linkProps } from '../router';
import { kioskPathFor } from './kiosk-path';

const SIZES = {
  portrait: { width: 1080, height: 1920, label: '竖屏 1080×1920' },
  landscape: { width: 1920, height: 1080, label: '横屏 1920×1080' },
} as const;
type Orientation = keyof typeof SIZES;

const LANGUAGE_NAMES: Record<Language, string> = { 'zh-Hans': '简体', 'zh-Hant': '繁體', en: 'English' };

type DraftView = Answer<(typeof client.drafts)[':id']['$get']>['draft'];

export function PreviewPage({ id }: { id: string }) {
  const [draft, setDraft] = useState<DraftView | null>(null);
  const [error, setError] = useState('');
  const [orientation, setOrientation] = useState<Orientation>('portrait');
  const [elder, setElder] = useState(false);
  const [language, setLanguage] = useState<Language>('zh-Hans');
  const [reloads, setReloads] = useState(0);
  const frame = useRef<HTMLIFrameElement>(null);

  useEffect(() => {
    call(client.drafts[':id'].$get({ param: params({ id }) }))
      .then((r) => setDraft(r.draft))
      .catch((e: Error) => setError(e.message));
  }, [id]);

  // The kiosk reports what it shows (also after its own buttons were pressed).
  useEffect(() => {
    const fromKiosk = (event: MessageEvent<PreviewMessage>) => {
      if (event.origin !== location.origin || event.source !== frame.current?.contentWindow) return;
      if (event.data?.kind !== 'shk-preview-state') return;
      setElder(event.data.elder);
      setLanguage(event.data.language);
    };
    window.addEventListener('message', fromKiosk);
    return () => window.removeEventListener('message', fromKiosk);
  }, []);

  const tell = (message: PreviewMessage) => frame.current?.contentWindow?.postMessage(message, location.origin);
  const chooseElder = (on: boolean) => {
    setElder(on);
    tell({ kind: 'shk-preview-set', elder: on });
  };
  const chooseLanguage = (next: Language) => {
    setLanguage(next);
    tell({ kind: 'shk-preview-set', language: next });
  };

  // The frame's address carries the settings it starts with; later changes go by message (no reload, the screen stays).
  const src = useMemo(() => {
    if (!draft) return '';
    const path = kioskPathFor(draft.recordType, draft.recordId, draft.data ?? {}, draft.op === 'delete');
    const url = new URL(path, location.origin);
    url.searchParams.set(PREVIEW_QUERY, draft.id);
    url.searchParams.set('elder', elder ? '1' : '0');
    url.searchParams.set('lang', language);
    return `${url.pathname}${url.search}`;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft, reloads]);

  if (error)
    return (
      <>
        <h1>预览</h1>
        <p class="error-message" role="alert">
          {error}
        </p>
      </>
    );
  if (!draft) return <p role="status">正在加载…</p>;

  const size = SIZES[orientation];
  return (
    <>
      <p class="caption">
        {TYPE_NAMES[draft.recordType]} · {draft.recordId}
      </p>
      <h1>预览：{recordTitle(draft.data ?? {})}</h1>
      <p>这是查询机将显示的样子（查询机自己的页面，草稿代替已发布的内容）。预览显示已保存的草稿内容；草稿再修改后请点“刷新预览”。</p>
      <p>
        <a class="button button--secondary" {...linkProps(`/drafts/${encodeURIComponent(id)}`)}>
          返回草稿
        </a>
        <button type="button" class="button button--secondary" onClick={() => setReloads((n) => n + 1)}>
          刷新预览
        </button>
      </p>
      <div class="preview-controls">
        <Choice label="屏幕方向">
          {(Object.keys(SIZES) as Orientation[]).map((o) => (
            <Toggle key={o} pressed={orientation === o} onPress={() => setOrientation(o)}>
              {SIZES[o].label}
            </Toggle>
          ))}
        </Choice>
        <Choice label="长辈模式">
          <Toggle pressed={!elder} onPress={() => chooseElder(false)}>
            标准
          </Toggle>
          <Toggle pressed={elder} onPress={() => chooseElder(true)}>
            长辈模式
          </Toggle>
        </Choice>
        <Choice label="界面语言">
          {(Object.keys(LANGUAGE_NAMES) as Language[]).map((l) => (
            <Toggle key={l} pressed={language === l} onPress={() => chooseLanguage(l)} lang={l}>
              {LANGUAGE_NAMES[l]}
            </Toggle>
          ))}
        </Choice>
      </div>
      <ScaledFrame key={src} width={size.width} height={size.height}>
        <iframe ref={frame} src={src} title={`查询机预览：${recordTitle(draft.data ?? {})}`} width={size.width} height={size.height} />
      </ScaledFrame>
    </>
  );
}

function Choice(props: { label: string; children: preact.ComponentChildren }) {
  return (
    <div class="preview-choice" role="group" aria-label={props.label}>
      <span class="preview-choice-label" aria-hidden="true">
        {props.label}
      </span>
      {props.children}
    </div>
  );
}

function Toggle(props: { pressed: boolean; onPress: () => void; lang?: string; children: preact.ComponentChildren }) {
  return (
    <button
      type="button"
      class={`button button--small ${props.pressed ? '' : 'button--secondary'}`}
      aria-pressed={props.pressed}
      lang={props.lang}
      onClick={props.onPress}
    >
      {props.children}
    </button>
  );
}

/** A kiosk-sized frame scaled down (CSS transform) to the width available and most of the window's height. */
function ScaledFrame(props: { width: number; height: number; children: preact.ComponentChildren }) {
  const box = useRef<HTMLDivElement>(null);
  const [available, setAvailable] = useState(800);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setAvailable(el.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const scale = Math.min(1, available / props.width, Math.max(320, window.innerHeight * 0.85) / props.height);
  return (
    <div ref={box} class="preview-stage">
      <div class="preview-screen" style={{ width: `${props.width * scale}px`, height: `${props.height * scale}px` }}>
        <div class="preview-scaled" style={{ width: `${props.width}px`, height: `${props.height}px`, transform: `scale(${scale})` }}>
          {props.children}
        </div>
      </div>
    </div>
  );
}
