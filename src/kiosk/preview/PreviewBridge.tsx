/**
 * Inside a previewing kiosk: the band that says this is an unpublished draft,
 * and the link to the console page around it. The console sets elder mode and
 * language by message; the kiosk tells it back what it shows (the kiosk's own
 * buttons work too). Only the same-origin parent is listened to or told.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { Language } from '../../shared/kiosk-config';
import type { PreviewMessage } from '../../shared/draft-preview';
import { useKioskUi } from '../app/ui-state';

export function PreviewBridge(props: { initial: { elder?: boolean; language?: Language } }) {
  const ui = useKioskUi();
  const uiRef = useRef(ui);
  uiRef.current = ui;

  useEffect(() => {
    const { elder, language } = props.initial;
    if (elder !== undefined) uiRef.current.setElder(elder);
    if (language) uiRef.current.setLanguage(language);
    const fromConsole = (event: MessageEvent<PreviewMessage>) => {
      if (event.origin !== location.origin || event.source !== window.parent || event.data?.kind !== 'shk-preview-set') return;
      const { elder: nextElder, language: nextLanguage } = event.data;
      if (typeof nextElder === 'boolean') uiRef.current.setElder(nextElder);
      if (nextLanguage && uiRef.current.languages.includes(nextLanguage)) uiRef.current.setLanguage(nextLanguage);
    };
    window.addEventListener('message', fromConsole);
    return () => window.removeEventListener('message', fromConsole);
    // Once: the settings the frame was opened with; later ones arrive as messages.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (window.parent === window) return;
    const state: PreviewMessage = {
      kind: 'shk-preview-state',
      elder: ui.elder,
      language: ui.language,
      path: location.pathname,
      ready: true,
    };
    window.parent.postMessage(state, location.origin);
  }, [ui.elder, ui.language]);

  return (
    // ignore-opencc and lang: the band reads the same in every interface language.
    <div class="preview-band ignore-opencc" role="note" data-testid="preview-band">
      <span lang="zh-Hans">预览：草稿，未发布</span>
      <span lang="en"> · Preview: unpublished draft</span>
    </div>
  );
}
