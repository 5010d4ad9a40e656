/**
 * Interface strings in the three interface languages. Content (guides, fees,
 * notices) stays as published; only the chrome around it is translated.
 * Simplified Chinese is in the first bundle; the others load on first use.
 */
import type { Language } from '../../shared/kiosk-config';
import { zhHans } from './i18n/zh-Hans';

export type MessageKey = keyof typeof zhHans;
export type Dictionary = Record<MessageKey, string>;

const loaded: Partial<Record<Language, Dictionary>> = { 'zh-Hans': zhHans };

const loaders: Record<Exclude<Language, 'zh-Hans'>, () => Promise<{ default: Dictionary }>> = {
  'zh-Hant': () => import('./i18n/zh-Hant'),
  en: () => import('./i18n/en'),
};

/** Makes a language's strings available (instant for zh-Hans or once loaded). */
export async function loadLanguage(language: Language): Promise<void> {
  if (loaded[language]) return;
  loaded[language] = (await loaders[language as Exclude<Language, 'zh-Hans'>]()).default;
}

export function isLanguageLoaded(language: Language): boolean {
  return !!loaded[language];
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const dict = loaded[language] ?? zhHans;
  return (key, params) => {
    const text = dict[key] ?? zhHans[key];
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
  };
}

/** BCP 47 tag for Intl formatting of dates in each interface language. */
export function intlLocale(language: Language): string {
  return language === 'en' ? 'en-GB' : language === 'zh-Hant' ? 'zh-Hant' : 'zh-CN';
}
