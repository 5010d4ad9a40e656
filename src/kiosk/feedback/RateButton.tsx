/**
 * "Rate this" and "Write to a department" buttons for the screens. The dialog
 * itself is a separate chunk, fetched on the first tap (it is precached, so
 * it works offline too).
 */
import { lazy, Suspense } from 'preact/compat';
import { useState } from 'preact/hooks';
import type { Subject } from '../../shared/feedback';
import { useKioskUi } from '../app/ui-state';
import { feedbackStrings } from './strings';

const FeedbackDialog = lazy(() => import('./FeedbackDialog'));

export function RateButton(props: { subject: Subject; label?: string; class?: string }) {
  const ui = useKioskUi();
  const t = feedbackStrings(ui.language);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" class={`button button-secondary ${props.class ?? ''}`} data-testid="rate-button" onClick={() => setOpen(true)}>
        <span aria-hidden="true">☆ </span>
        {props.label ?? t('rateThis')}
      </button>
      {open && (
        <Suspense fallback={null}>
          <FeedbackDialog mode="rating" subject={props.subject} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}

export function MessageButton(props: { departments: { id: string; name: string }[]; departmentId?: string; class?: string }) {
  const ui = useKioskUi();
  const t = feedbackStrings(ui.language);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        class={`button button-secondary ${props.class ?? ''}`}
        data-testid="message-button"
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true">✉ </span>
        {t('message')}
      </button>
      {open && (
        <Suspense fallback={null}>
          <FeedbackDialog mode="message" departments={props.departments} departmentId={props.departmentId} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
