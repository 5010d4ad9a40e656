/**
 * Per-visitor interface state: language and elder mode. The idle reset puts
 * both back to their defaults for the next person.
 */
import { kioskLog } from '../log/kiosk-log';
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import type { Language } from '../../shared/kiosk-config';
import { isLanguageLoaded, loadLanguage, translator, type Translate } from './i18n';

export interface KioskUi {
  language: Language;
  languages: readonly Language[];
  t: Translate;
  elder: boolean;
  setLanguage(language: Language): void;
  setElder(on: boolean): void;
  /** Starts a fresh visit: defaults restored, every screen's own state dropped. */
  resetVisit(): void;
  /** Changes on every reset; used as a key so screens remount with clean state. */
  visit: number;
}

const UiContext = createContext<KioskUi | null>(null);

/** The content converter for 繁體 mode: a lazy chunk (opencc's dictionaries are ~1 MB), kept once loaded. */
type Traditional = typeof import('./traditional');
let traditional: Traditional | undefined;
async function loadTraditional(): Promise<Traditional> {
  traditional ??= await import('./traditional');
  return traditional;
}

/** Everything a language needs before the screen switches to it: its strings, and for 繁體 the content converter. */
function prepareLanguage(language: Language): Promise<unknown> {
  return Promise.all([loadLanguage(language), language === 'zh-Hant' ? loadTraditional() : undefined]);
}

export function useKioskUi(): KioskUi {
  const ui = useContext(UiContext);
  if (!ui) throw new Error('useKioskUi() outside <KioskUiProvider>');
  return ui;
}

export function KioskUiProvider(props: {
  languages: readonly Language[];
  /** Elder mode for each new visitor (a setting kept in the console, e.g. at a village service point). */
  elderDefault?: boolean;
  onReset?: () => void;
  children: ComponentChildren;
}) {
  const defaultLanguage = props.languages[0] ?? 'zh-Hans';
  const elderDefault = props.elderDefault ?? false;
  const [language, setLanguage] = useState<Language>(defaultLanguage);
  const [elder, setElder] = useState(elderDefault);
  const [visit, setVisit] = useState(0);

  // Other interface languages are separate chunks: fetch them once the first screen is up,
  // so a tap on 繁體 or EN switches at once (and works offline: the chunks are precached).
  useEffect(() => {
    const timer = setTimeout(() => props.languages.forEach((l) => void loadLanguage(l).catch(() => undefined)), 2000);
    return () => clearTimeout(timer);
  }, [props.languages]);

  const chooseLanguage = (next: Language) => {
    if (isLanguageLoaded(next) && (next !== 'zh-Hant' || traditional)) setLanguage(next);
    else
      void prepareLanguage(next).then(
        () => setLanguage(next),
        (err: unknown) => kioskLog.error('language load failed', err),
      );
  };

  // The root element carries the mode so CSS (and the search screen) can follow it.
  useEffect(() => {
    const root = document.documentElement;
    root.lang = language;
    root.dataset.elder = String(elder);
    root.classList.toggle('elder', elder);
    document.title = translator(language)('appTitle');
  }, [language, elder]);

  // 繁體: published content (simplified, lang="zh-Hans") is shown converted; leaving the mode restores it.
  // A layout effect, so no frame shows the simplified text under traditional chrome.
  useLayoutEffect(() => {
    if (language !== 'zh-Hant' || !traditional) return;
    const converting = traditional.showContentInTraditional(document.body);
    return () => converting.stop();
  }, [language]);

  const ui = useMemo<KioskUi>(
    () => ({
      language,
      languages: props.languages,
      t: translator(language),
      elder,
      setLanguage: chooseLanguage,
      setElder,
      visit,
      resetVisit() {
        setLanguage(defaultLanguage);
        setElder(elderDefault);
        setVisit((n) => n + 1);
        props.onReset?.();
      },
    }),
    [language, elder, visit, props.languages, defaultLanguage, elderDefault],
  );
  return <UiContext.Provider value={ui}>{props.children}</UiContext.Provider>;
}
