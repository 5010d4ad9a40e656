import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fenToYuanText, formatFeeAmount, formatFen, parseYuanToFen } from '../../src/shared/money';

describe('formatFen', () => {
  it('formats fen as yuan with two decimals and grouping', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(1250)).toBe('¥12.50');
    expect(formatFen(100000)).toBe('¥1,000.00');
    expect(formatFen(123456789)).toBe('¥1,234,567.89');
    expect(formatFen(-1999)).toBe('-¥19.99');
  });

  it('round-trips every integer amount exactly (no floating point drift)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), (fen) => {
        const digits = formatFen(fen).replace(/[¥,]/g, '');
        const [yuan, cents] = digits.split('.');
        expect(cents).toHaveLength(2);
        expect(BigInt(yuan!) * 100n + BigInt(cents!)).toBe(BigInt(fen));
      }),
    );
  });

  it('refuses non-integer fen', () => {
    expect(() => formatFen(12.5)).toThrow(/整数分/);
  });

  it('formats fee amounts of every kind with their unit', () => {
    expect(formatFeeAmount({ kind: 'fixed', fen: 8000 }, '元/件')).toBe('¥80.00（元/件）');
    expect(formatFeeAmount({ kind: 'range', minFen: 1000, maxFen: 5000 }, '元/次')).toBe('¥10.00–¥50.00（元/次）');
    expect(formatFeeAmount({ kind: 'per-unit', fenPerUnit: 300 }, '元/平方米')).toBe('¥3.00（元/平方米，按数量计）');
  });
});

describe('parseYuanToFen (the form and the import)', () => {
  it.each([
    ['12.5', 1250],
    ['12.50', 1250],
    ['¥1,234.56', 123456],
    ['￥ 80', 8000],
    ['80元', 8000],
    ['1，000元', 100000],
    ['１２.３', 1230],
    ['0', 0],
  ])('reads %s as %i fen', (text, fen) => {
    expect(parseYuanToFen(text)).toEqual({ ok: true, fen });
  });

  it('refuses more than two decimals, saying so', () => {
    const r = parseYuanToFen('12.345');
    expect(r).toEqual({ ok: false, message: '「12.345」不是有效金额：最多两位小数（金额精确到分）' });
  });

  it('refuses what is not an amount', () => {
    for (const text of ['', 'abc', '-5', '1,23', '12.3.4']) expect(parseYuanToFen(text).ok, text).toBe(false);
    expect(parseYuanToFen('-5')).toMatchObject({ message: expect.stringContaining('不能为负数') });
  });

  it('reads back every amount it writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), (fen) => {
        expect(parseYuanToFen(fenToYuanText(fen))).toEqual({ ok: true, fen });
        expect(parseYuanToFen(formatFen(fen))).toEqual({ ok: true, fen });
      }),
    );
  });
});
