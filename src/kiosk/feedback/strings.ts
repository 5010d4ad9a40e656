/** Strings of the rating and message dialogs, in the kiosk's three interface languages. */
import type { Language } from '../../shared/kiosk-config';
import type { BadReason, MessageCategory, RatingLevel } from '../../shared/feedback';

const zhHans = {
  rate: '评价',
  rateThis: '评价这项服务',
  rateTitle: '请您评价',
  rateAbout: '评价对象：{what}',
  rateVisit: '本次查询',
  chooseLevel: '请选择一项（自愿评价，匿名）',
  reasonsTitle: '哪里不满意？（可多选）',
  textLabel: '您的意见（可不填）',
  textHint: '用下面的键盘输入，或选「手写」用手指写字',
  phoneLabel: '联系电话（可不填）',
  phoneConsent: '留下电话，表示您同意工作人员为处理这条评价给您回电；不留电话也可以提交。',
  phoneInvalid: '这不是电话号码：手机号 11 位，座机请带区号',
  submit: '提交评价',
  cancel: '取消',
  thanks: '谢谢您的评价！',
  thanksBad: '谢谢！我们会在 15 个工作日内处理并答复。',
  close: '关闭',
  saveFailed: '没能保存，请再试一次',
  visitQuestion: '这次查询满意吗？（可不选）',
  visitThanks: '谢谢您的评价',
  message: '咨询建议投诉',
  messageTitle: '给部门留言',
  category: '类别',
  departmentLabel: '给哪个部门',
  messageText: '留言内容',
  messageTextRequired: '请写下留言内容',
  departmentRequired: '请选择部门',
  send: '提交留言',
  messageThanks: '留言已收到，部门会尽快答复。',
  keyboard: '屏幕键盘',
  backspace: '删除',
  clear: '清空',
  space: '空格',
};

type Strings = Record<keyof typeof zhHans, string>;

const zhHant: Strings = {
  rate: '評價',
  rateThis: '評價這項服務',
  rateTitle: '請您評價',
  rateAbout: '評價對象：{what}',
  rateVisit: '本次查詢',
  chooseLevel: '請選擇一項（自願評價，匿名）',
  reasonsTitle: '哪裏不滿意？（可多選）',
  textLabel: '您的意見（可不填）',
  textHint: '用下面的鍵盤輸入，或選「手寫」用手指寫字',
  phoneLabel: '聯繫電話（可不填）',
  phoneConsent: '留下電話，表示您同意工作人員為處理這條評價給您回電；不留電話也可以提交。',
  phoneInvalid: '這不是電話號碼：手機號 11 位，座機請帶區號',
  submit: '提交評價',
  cancel: '取消',
  thanks: '謝謝您的評價！',
  thanksBad: '謝謝！我們會在 15 個工作日內處理並答覆。',
  close: '關閉',
  saveFailed: '沒能保存，請再試一次',
  visitQuestion: '這次查詢滿意嗎？（可不選）',
  visitThanks: '謝謝您的評價',
  message: '諮詢建議投訴',
  messageTitle: '給部門留言',
  category: '類別',
  departmentLabel: '給哪個部門',
  messageText: '留言內容',
  messageTextRequired: '請寫下留言內容',
  departmentRequired: '請選擇部門',
  send: '提交留言',
  messageThanks: '留言已收到，部門會儘快答覆。',
  keyboard: '屏幕鍵盤',
  backspace: '刪除',
  clear: '清空',
  space: '空格',
};

const en: Strings = {
  rate: 'Rate',
  rateThis: 'Rate this service',
  rateTitle: 'Please rate',
  rateAbout: 'About: {what}',
  rateVisit: 'this visit',
  chooseLevel: 'Choose one (optional and anonymous)',
  reasonsTitle: 'What went wrong? (choose any)',
  textLabel: 'Your comments (optional)',
  textHint: 'Type with the keyboard below, or choose handwriting and write with a finger',
  phoneLabel: 'Phone (optional)',
  phoneConsent: 'If you leave a number, you agree that staff may call you back about this rating. You can send it without one.',
  phoneInvalid: 'Not a phone number: mobiles have 11 digits; landlines need the area code',
  submit: 'Send rating',
  cancel: 'Cancel',
  thanks: 'Thank you for your rating!',
  thanksBad: 'Thank you. We will follow up and reply within 15 working days.',
  close: 'Close',
  saveFailed: 'Could not save it; please try again',
  visitQuestion: 'Were you satisfied with this visit? (optional)',
  visitThanks: 'Thank you for rating',
  message: 'Ask · suggest · complain',
  messageTitle: 'Write to a department',
  category: 'Type',
  departmentLabel: 'To department',
  messageText: 'Your message',
  messageTextRequired: 'Please write your message',
  departmentRequired: 'Please choose a department',
  send: 'Send message',
  messageThanks: 'Your message was received; the department will reply.',
  keyboard: 'On-screen keyboard',
  backspace: 'Delete',
  clear: 'Clear',
  space: 'Space',
};

export type FeedbackStringKey = keyof typeof zhHans;
const byLanguage: Record<Language, Strings> = { 'zh-Hans': zhHans, 'zh-Hant': zhHant, en };

export function feedbackStrings(language: Language) {
  const dict = byLanguage[language] ?? zhHans;
  return (key: FeedbackStringKey, params?: Record<string, string>) =>
    params ? dict[key].replace(/\{(\w+)\}/g, (m, n: string) => params[n] ?? m) : dict[key];
}

/** A translation under the national label, which is always shown exactly as written. */
export const LEVEL_GLOSS: Record<Language, Record<RatingLevel, string>> = {
  'zh-Hans': { 5: '', 4: '', 3: '', 2: '', 1: '' },
  'zh-Hant': { 5: '非常滿意', 4: '滿意', 3: '基本滿意', 2: '不滿意', 1: '非常不滿意' },
  en: { 5: 'Very satisfied', 4: 'Satisfied', 3: 'Fairly satisfied', 2: 'Dissatisfied', 1: 'Very dissatisfied' },
};

export const REASON_GLOSS: Record<Language, Partial<Record<BadReason, string>>> = {
  'zh-Hans': {},
  'zh-Hant': {
    'guide-inaccurate': '指南不準確',
    'too-many-materials': '材料要求多',
    'long-wait': '等候時間長',
    'poor-attitude': '服務態度差',
    'slow-handling': '辦理時間長',
    'repeat-visits': '多次跑腿',
    other: '其他',
  },
  en: {
    'guide-inaccurate': 'Guide was inaccurate',
    'too-many-materials': 'Too many documents',
    'long-wait': 'Long wait',
    'poor-attitude': 'Poor attitude',
    'slow-handling': 'Slow handling',
    'repeat-visits': 'Had to come back',
    other: 'Other',
  },
};

export const CATEGORY_GLOSS: Record<Language, Record<MessageCategory, string>> = {
  'zh-Hans': { consult: '咨询', suggest: '建议', complain: '投诉' },
  'zh-Hant': { consult: '諮詢', suggest: '建議', complain: '投訴' },
  en: { consult: 'Question', suggest: 'Suggestion', complain: 'Complaint' },
};
