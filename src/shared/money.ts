/**
 * Money is integer fen everywhere; these format it as yuan for people.
 * Integer arithmetic only: floating point would print 0.1 + 0.2 style errors
 * on a public fee schedule.
 */
import type { FeeAmount } from './content';

/** 1250 -> "¥12.50", 0 -> "¥0.00", 123456789 -> "¥1,234,567.89". */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`金额必须是整数分，收到 ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${grouped}.${String(cents).padStart(2, '0')}`;
}

/**
 * A fee amount with its unit, as shown on a fee schedule:
 * fixed "¥80.00（元/件）", range "¥10.00–¥50.00（元/次）", per unit "¥3.00（元/平方米，按数量计）".
 */
export function formatFeeAmount(amount: FeeAmount, unit: string): string {
  switch (amount.kind) {
    case 'fixed':
      return `${formatFen(amount.fen)}（${unit}）`;
    case 'range':
      return `${formatFen(amount.minFen)}–${formatFen(amount.maxFen)}（${unit}）`;
    case 'per-unit':
      return `${formatFen(amount.fenPerUnit)}（${unit}，按数量计）`;
  }
}

export type YuanParse = { ok: true; fen: number } | { ok: false; message: string };

/**
 * Text typed or imported as yuan → integer fen, without floating point. The
 * one parser for the console's form and the spreadsheet import. Accepts
 * "¥1,234.50", "１２.５元", "1 234"; refuses negative amounts and more than two
 * decimals (a fee is stated to the fen), each with a message that says so.
 */
export function parseYuanToFen(input: string): YuanParse {
  const text = input
    .normalize('NFKC')
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/\s*(元|人民币)$/, '')
    .trim();
  if (text === '') return { ok: false, message: '请填写金额' };
  if (/^-/.test(text)) return { ok: false, message: `「${input.trim()}」不是有效金额：金额不能为负数` };
  // Thousands separators: groups of three digits after the first, with , ， or a space.
  if (!/^\d{1,3}([,， ]\d{3})*(\.\d+)?$|^\d+(\.\d+)?$/.test(text))
    return { ok: false, message: `「${input.trim()}」不是有效金额：应为元，例如 12.50、¥1,234.00 或 80元` };
  const [whole, decimals = ''] = text.replace(/[,， ]/g, '').split('.');
  if (decimals.length > 2) return { ok: false, message: `「${input.trim()}」不是有效金额：最多两位小数（金额精确到分）` };
  if (whole!.length > 12) return { ok: false, message: `「${input.trim()}」不是有效金额：金额过大` };
  return { ok: true, fen: Number(whole) * 100 + Number(decimals.padEnd(2, '0')) };
}

/** Fen as plain yuan text with two decimals, for spreadsheets and form fields: 1250 → "12.50". */
export function fenToYuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
