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
