/** Interface strings of the writing pad and the input-method switch, in the kiosk's three languages. */
import type { Language } from '../../../shared/kiosk-config';

const zhHans = {
  inputMethods: '输入方式',
  keyboardMode: '拼音键盘',
  handwritingMode: '手写',
  pad: '手写板：用手指在这里写一个字',
  padHint: '在方框里用手指写一个字，写好后在旁边点选要的字',
  loading: '正在准备手写识别，请稍候…',
  loadFailed: '手写识别暂时不能使用，请改用拼音键盘',
  candidates: '候选字',
  pick: '输入“{c}”',
  undo: '撤销一笔',
  clear: '重写',
  clearLabel: '重写：清除手写板',
  strokes: '已写 {n} 笔',
};

export type HandwritingStringKey = keyof typeof zhHans;
type Strings = Record<HandwritingStringKey, string>;

const zhHant: Strings = {
  inputMethods: '輸入方式',
  keyboardMode: '拼音鍵盤',
  handwritingMode: '手寫',
  pad: '手寫板：用手指在這裡寫一個字',
  padHint: '在方框裡用手指寫一個字，寫好後在旁邊點選要的字',
  loading: '正在準備手寫辨識，請稍候…',
  loadFailed: '手寫辨識暫時不能使用，請改用拼音鍵盤',
  candidates: '候選字',
  pick: '輸入「{c}」',
  undo: '撤銷一筆',
  clear: '重寫',
  clearLabel: '重寫：清除手寫板',
  strokes: '已寫 {n} 筆',
};

const en: Strings = {
  inputMethods: 'Input method',
  keyboardMode: 'Pinyin keyboard',
  handwritingMode: 'Handwriting',
  pad: 'Writing pad: write one Chinese character here with your finger',
  padHint: 'Write one character in the box with your finger, then tap it among the characters beside the box',
  loading: 'Getting handwriting ready, one moment…',
  loadFailed: 'Handwriting is not available just now; please use the pinyin keyboard',
  candidates: 'Suggested characters',
  pick: 'Enter “{c}”',
  undo: 'Undo stroke',
  clear: 'Rewrite',
  clearLabel: 'Rewrite: clear the writing pad',
  strokes: '{n} strokes written',
};

const STRINGS: Record<Language, Strings> = { 'zh-Hans': zhHans, 'zh-Hant': zhHant, en };

export type HandwritingTranslate = (key: HandwritingStringKey, params?: Record<string, string | number>) => string;

export function handwritingStrings(language: Language): HandwritingTranslate {
  const dict = STRINGS[language] ?? zhHans;
  return (key, params) => {
    const text = dict[key];
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
  };
}
