import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatFeeAmount, formatFen } from '../../src/shared/money';

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
