/** Field problems: what a refused record or config is told, naming the field and the rule. */
import type * as v from 'valibot';

export interface FieldProblem {
  /** Dotted path with indexes, e.g. "materials[2].copies"; "" for the record itself. */
  field: string;
  message: string;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

export function pathOf(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = (item as { key: unknown }).key;
    out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  }
  return out;
}

export function toProblems(issues: readonly v.BaseIssue<unknown>[]): FieldProblem[] {
  return issues.map((i) => ({ field: pathOf(i), message: readableMessage(i) }));
}

/**
 * Rules without a message of our own fall back to valibot's English defaults
 * ("Invalid key: Expected "fees" but received undefined"); staff read Chinese,
 * so those are restated. Our own messages pass through unchanged.
 */
function readableMessage(issue: v.BaseIssue<unknown>): string {
  if (!/^Invalid \w+: Expected .* but received /.test(issue.message)) return issue.message;
  if (issue.received === 'undefined') return '必须填写（缺少此项）';
  return `格式不正确：应为 ${issue.expected ?? '其他值'}，收到 ${issue.received}`;
}

/** One line per problem: "materials[2].copies: 需要复印件时复印件份数至少为 1". */
export function formatProblems(problems: FieldProblem[]): string {
  return problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ');
}
