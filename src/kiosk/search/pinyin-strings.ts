/** Strings of the pinyin candidate bar, in the kiosk's three languages (with the bar, not the dialog: the rating button's chunk stays small). */
import type { Language } from '../../shared/kiosk-config';

const zhHans = {
  candidates: '候选字',
  composing: '正在输入的拼音：',
  pick: '输入“{c}”（{p}）',
  more: '更多',
  keepLetters: '字母',
  keepLettersLabel: '字母：直接输入 {letters}',
};

type Strings = Record<keyof typeof zhHans, string>;

const zhHant: Strings = {
  candidates: '候選字',
  composing: '正在輸入的拼音：',
  pick: '輸入「{c}」（{p}）',
  more: '更多',
  keepLetters: '字母',
  keepLettersLabel: '字母：直接輸入 {letters}',
};

const en: Strings = {
  candidates: 'Suggested characters',
  composing: 'Pinyin being typed: ',
  pick: 'Enter “{c}” ({p})',
  more: 'More',
  keepLetters: '字母 ABC',
  keepLettersLabel: '字母 ABC: keep the letters {letters}',
};

const STRINGS: Record<Language, Strings> = { 'zh-Hans': zhHans, 'zh-Hant': zhHant, en };

export type PinyinTranslate = (key: keyof Strings, params?: Record<string, string>) => string;

export function pinyinStrings(language: Language): PinyinTranslate {
  const dict = STRINGS[language] ?? zhHans;
  return (key, params) => (params ? dict[key].replace(/\{(\w+)\}/g, (m, n: string) => params[n] ?? m) : dict[key]);
}
