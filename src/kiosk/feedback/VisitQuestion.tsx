/**
 * The gentle question at the end of a visit, shown inside the idle warning:
 * five optional buttons with the national labels. Tapping one records a
 * rating of the visit; it does not stop the countdown (data-idle-passive), so
 * the screen still clears for the next person on time.
 */
import { useState } from 'preact/hooks';
import type { Language } from '../../shared/kiosk-config';
import { LEVEL_LABELS, RATING_LEVELS, type RatingLevel } from '../../shared/feedback/levels';
import { recordFeedback } from './track';
import './visit-question.css';
import { kioskLog } from '../log/kiosk-log';

const QUESTION: Record<Language, [string, string]> = {
  'zh-Hans': ['这次查询满意吗？（可不选）', '谢谢您的评价'],
  'zh-Hant': ['這次查詢滿意嗎？（可不選）', '謝謝您的評價'],
  en: ['Were you satisfied with this visit? (optional)', 'Thank you for rating'],
};

export function VisitQuestion(props: { language: Language; visit: number }) {
  const [answered, setAnswered] = useState<number | null>(null);
  const [question, thanks] = QUESTION[props.language] ?? QUESTION['zh-Hans'];
  if (answered === props.visit)
    return (
      <p class="visit-question-thanks" role="status">
        {thanks}
      </p>
    );
  const rate = (level: RatingLevel) => {
    setAnswered(props.visit);
    void recordFeedback({ kind: 'rating', level, subject: { type: 'visit' } }).catch((err: unknown) =>
      kioskLog.warn('visit rating not stored', err),
    );
  };
  return (
    <div class="visit-question" role="group" aria-label={question} data-testid="visit-question" data-idle-passive="">
      <p>{question}</p>
      <div class="visit-question-levels">
        {RATING_LEVELS.map((l) => (
          <button type="button" key={l} class="button" lang="zh-Hans" data-level={l} onClick={() => rate(l)}>
            {LEVEL_LABELS[l]}
          </button>
        ))}
      </div>
    </div>
  );
}
