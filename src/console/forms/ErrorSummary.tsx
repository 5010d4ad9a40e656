/** GOV.UK-style error summary: focused when it appears, each problem links to its field. */
import { useEffect, useRef } from 'preact/hooks';
import type { FieldProblem } from '../api-error';
import { fieldId } from './Fields';

export function ErrorSummary({ title, problems, labels }: { title: string; problems: FieldProblem[]; labels?: (field: string) => string }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = problems.map((p) => p.field + p.message).join('|');
  useEffect(() => {
    if (problems.length) ref.current?.focus();
  }, [key]);
  if (!problems.length) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" class="error-summary-title">
        {title}
      </h2>
      <ul class="error-summary-list">
        {problems.map((p) => (
          <li key={p.field + p.message}>
            <a
              href={`#${fieldId(p.field)}`}
              onClick={(e) => {
                const el = document.getElementById(fieldId(p.field));
                if (el) {
                  e.preventDefault();
                  el.focus();
                  el.scrollIntoView({ block: 'center' });
                }
              }}
            >
              {p.field ? `${labels?.(p.field) ?? p.field}：` : ''}
              {p.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
