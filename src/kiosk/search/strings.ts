/** Interface strings of the search screen, in the kiosk's three interface languages. */
import type { Language } from '../../shared/kiosk-config';

const zhHans = {
  title: '搜索',
  inputLabel: '输入拼音、首字母，或手写汉字',
  inputHint: '例如：dibao、db 或 低保',
  preparing: '正在准备搜索，请稍候…',
  found: '找到 {n} 项',
  corrected: '没有完全相同的结果，以下是相近的结果',
  nothing: '没有找到“{q}”',
  nothingHint: '请检查拼写，或者从下面的常用事项和部门找起：',
  popularGuides: '常用事项',
  departments: '部门',
  relatedDepartments: '相关部门',
  groupGuides: '办事指南',
  groupFees: '收费标准',
  groupOfficials: '工作人员',
  groupNotices: '通知公告',
  more: '再显示 {n} 项',
  tooMany: '共 {n} 项，多输入几个字母可以缩小范围',
  window: '窗口 {w}',
  onDutyToday: '今天值班 {times}',
  notOnDutyToday: '今天不在窗口值班',
  onLeaveToday: '今天休假',
  feeUpcoming: '尚未生效',
  matchedIn: '匹配：{field}',
  fieldTag: '主题',
  fieldBody: '正文',
  fieldWords: '名称',
  fieldCode: '编码',
  fieldDepartment: '部门',
  keyboard: '屏幕键盘',
  keyLetter: '字母 {k}',
  keyDigit: '数字 {k}',
  backspace: '删除',
  backspaceLabel: '删除最后一个字符',
  clear: '清空',
  clearLabel: '清空输入',
  search: '搜索',
};

export type SearchStringKey = keyof typeof zhHans;
type Strings = Record<SearchStringKey, string>;

const zhHant: Strings = {
  title: '搜尋',
  inputLabel: '輸入拼音、首字母，或手寫漢字',
  inputHint: '例如：dibao、db 或 低保',
  preparing: '正在準備搜尋，請稍候…',
  found: '找到 {n} 項',
  corrected: '沒有完全相同的結果，以下是相近的結果',
  nothing: '沒有找到「{q}」',
  nothingHint: '請檢查拼寫，或者從下面的常用事項和部門找起：',
  popularGuides: '常用事項',
  departments: '部門',
  relatedDepartments: '相關部門',
  groupGuides: '辦事指南',
  groupFees: '收費標準',
  groupOfficials: '工作人員',
  groupNotices: '通知公告',
  more: '再顯示 {n} 項',
  tooMany: '共 {n} 項，多輸入幾個字母可以縮小範圍',
  window: '窗口 {w}',
  onDutyToday: '今天值班 {times}',
  notOnDutyToday: '今天不在窗口值班',
  onLeaveToday: '今天休假',
  feeUpcoming: '尚未生效',
  matchedIn: '匹配：{field}',
  fieldTag: '主題',
  fieldBody: '正文',
  fieldWords: '名稱',
  fieldCode: '編碼',
  fieldDepartment: '部門',
  keyboard: '螢幕鍵盤',
  keyLetter: '字母 {k}',
  keyDigit: '數字 {k}',
  backspace: '刪除',
  backspaceLabel: '刪除最後一個字元',
  clear: '清空',
  clearLabel: '清空輸入',
  search: '搜尋',
};

const en: Strings = {
  title: 'Search',
  inputLabel: 'Type pinyin or initials, or write Chinese characters by hand',
  inputHint: 'For example: dibao, db or 低保',
  preparing: 'Getting search ready, one moment…',
  found: '{n} found',
  corrected: 'Nothing matched exactly; these are close matches',
  nothing: 'Nothing found for “{q}”',
  nothingHint: 'Check the spelling, or start from a popular service or a department:',
  popularGuides: 'Popular services',
  departments: 'Departments',
  relatedDepartments: 'Related departments',
  groupGuides: 'Service guides',
  groupFees: 'Fees',
  groupOfficials: 'Staff',
  groupNotices: 'Notices',
  more: 'Show {n} more',
  tooMany: '{n} in all; type a few more letters to narrow them down',
  window: 'Window {w}',
  onDutyToday: 'On duty today {times}',
  notOnDutyToday: 'Not on window duty today',
  onLeaveToday: 'On leave today',
  feeUpcoming: 'Not yet in force',
  matchedIn: 'Matched in: {field}',
  fieldTag: 'topic',
  fieldBody: 'text',
  fieldWords: 'name',
  fieldCode: 'code',
  fieldDepartment: 'department',
  keyboard: 'On-screen keyboard',
  keyLetter: 'Letter {k}',
  keyDigit: 'Digit {k}',
  backspace: 'Delete',
  backspaceLabel: 'Delete the last character',
  clear: 'Clear',
  clearLabel: 'Clear the input',
  search: 'Search',
};

const STRINGS: Record<Language, Strings> = { 'zh-Hans': zhHans, 'zh-Hant': zhHant, en };

export type SearchTranslate = (key: SearchStringKey, params?: Record<string, string | number>) => string;

export function searchStrings(language: Language): SearchTranslate {
  const dict = STRINGS[language] ?? zhHans;
  return (key, params) => {
    const text = dict[key];
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
  };
}
