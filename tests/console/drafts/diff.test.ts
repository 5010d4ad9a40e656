import { describe, expect, it } from 'vitest';
import { diff, show } from '../../../src/console/drafts/diff';

describe('review diff', () => {
  it('shows a changed fee amount in yuan, not raw fen', () => {
    const before = { type: 'fee', id: 'f1', version: 1, amount: { kind: 'fixed', fen: 6000 } };
    const after = { ...before, version: 2, amount: { kind: 'fixed', fen: 12345 } };
    const [change, ...rest] = diff(before, after);
    expect(rest).toEqual([]);
    expect(change!.field).toBe('amount.fen');
    expect([show(change!.before, change!.field), show(change!.after, change!.field)]).toEqual(['¥60.00', '¥123.45']);
  });

  it('formats range and per-unit money fields, and leaves other numbers alone', () => {
    expect(show(150000, 'amount.maxFen')).toBe('¥1,500.00');
    expect(show(300, 'amount.fenPerUnit')).toBe('¥3.00');
    expect(show(2, 'materials[0].copies')).toBe('2');
    expect(show(null, 'amount.fen')).toBe('（空）');
  });
});
