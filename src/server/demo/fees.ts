/** Turns the fee rows into FeeItem records, placing the dated rows around `now`. */
import { feeNameEn } from './guide-words';
import type { FeeItem } from '../../shared/content';
import { lastNewYear, nextNewYear } from './clock';
import { envelope, type DemoContext } from './context';
import { FEE_ROWS, type FeeEra, type FeeRow } from './fee-catalogue';

function effectivePeriod(era: FeeEra, now: Date): { effectiveFrom: string; effectiveTo: string | null } {
  switch (era.kind) {
    case 'current':
      return { effectiveFrom: era.from, effectiveTo: null };
    case 'current-until-next-year':
      return { effectiveFrom: era.from === 'this-year' ? lastNewYear(now) : era.from, effectiveTo: nextNewYear(now) };
    case 'next-year':
      return { effectiveFrom: nextNewYear(now), effectiveTo: null };
    case 'expired':
      return { effectiveFrom: era.from, effectiveTo: lastNewYear(now) };
    case 'since-this-year':
      return { effectiveFrom: lastNewYear(now), effectiveTo: null };
  }
}

/** Collection code in the style of a non-tax revenue item code: department number + row number. */
export function feeCode(departmentIndex: number, rowIndex: number): string {
  return `FS${String(departmentIndex + 1).padStart(2, '0')}-${String(rowIndex + 1).padStart(4, '0')}`;
}

export function buildFeeItem(
  ctx: DemoContext,
  row: FeeRow,
  overrides: { id?: string; name?: string; code: string; scope?: string },
): FeeItem {
  return {
    ...envelope(ctx, overrides.id ?? row.id, overrides.scope),
    type: 'fee',
    name: overrides.name ?? row.name,
    // Scaled copies (another id) have no English name of their own.
    ...(overrides.id ? {} : { nameEn: feeNameEn(row.id) }),
    code: overrides.code,
    departmentId: row.departmentId,
    amount: row.amount,
    unit: row.unit,
    basis: row.basis.map(([title, number]) => ({ title, number })),
    ...effectivePeriod(row.era, ctx.now),
    reductions: (row.reductions ?? []).map(([description, basis]) => ({ description, basis })),
    notes: row.notes ?? '',
  };
}

export function buildFees(ctx: DemoContext, departmentIds: readonly string[]): FeeItem[] {
  return FEE_ROWS.map((row, i) => buildFeeItem(ctx, row, { code: feeCode(departmentIds.indexOf(row.departmentId), i) }));
}
