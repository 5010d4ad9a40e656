/**
 * One service guide, every field laid out for reading at arm's length: the
 * key facts first (time, fee, visits, window), then conditions, the materials
 * checklist, steps, fees with amounts, place, hours and phones, legal basis,
 * FAQ, and a QR code that opens the same guide on a phone.
 */
import { Link, useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'preact/hooks';
import { isFeeInForce, type FeeItem, type Hall, type Material, type ServiceGuide } from '../../../shared/content';
import { formatFeeAmount } from '../../../shared/money';
import { mobileGuideUrl } from '../../../shared/public-url';
import { formatDate } from '../../app/format';
import { hallTimeZone, useContent, useEngineStatus, useServerNow } from '../../app/hooks';
import { GuideChecklistPrint } from '../../print/GuideChecklistPrint';
import { paperOf, printOn } from '../../print/print-paper';
import type { Translate } from '../../app/i18n';
import { useServices } from '../../app/services';
import { useKioskUi } from '../../app/ui-state';
import { guideSpeechText, timeLimitText, visitsText } from './guide-text';
import { QrCode } from './QrCode';
import { PlanLink } from '../plan/PlanLink';
import { isOnFloorPlan } from '../plan/placed-windows';
import { ReadAloudControls } from './ReadAloudControls';
import { MessageButton, RateButton } from '../../feedback/RateButton';
import { track } from '../../feedback/track';

export default function GuideDetailScreen() {
  const { t } = useKioskUi();
  const { config } = useServices();
  const { guideId } = useParams({ strict: false }) as { guideId: string };
  const content = useContent(
    async (r) => {
      performance.mark('shk:guide-read-start');
      const guide = await r.getGuide(guideId);
      if (!guide) return { guide };
      const [department, fees, hall] = await Promise.all([
        r.getDepartment(guide.departmentId),
        guide.fees.kind === 'items' ? r.getFees(guide.fees.feeItemIds) : Promise.resolve([]),
        r.getHall(guide.place.hallId ?? config.hallId),
      ]);
      performance.mark('shk:guide-read-end');
      return { guide, department, fees, hall };
    },
    [guideId],
  );
  useEffect(() => {
    if (content.data?.guide) performance.mark('shk:guide-rendered', { detail: { id: guideId } });
  }, [content.data, guideId]);

  if (!content.data) return <p role="status">{t('loading')}</p>;
  const { guide } = content.data;
  if (!guide) {
    return (
      <div class="screen">
        <h1>{t('tileGuides')}</h1>
        <p class="lead">{t('guideNotFound')}</p>
        <Link to="/guides" className="button button-primary">
          {t('tileGuides')}
        </Link>
      </div>
    );
  }
  return (
    <GuideDetail guide={guide} departmentName={content.data.department?.name} fees={content.data.fees ?? []} hall={content.data.hall} />
  );
}

export function GuideDetail(props: { guide: ServiceGuide; departmentName?: string; fees: FeeItem[]; hall?: Hall }) {
  const { t } = useKioskUi();
  const { config } = useServices();
  const { guide, fees, hall } = props;
  const now = useServerNow(60_000);
  const status = useEngineStatus();
  const paper = paperOf(config);
  // The QR code and the voice lookup are not what a person reads first: draw them a frame later.
  const afterPaint = useAfterFirstPaint();
  // Without a public address there is no QR code: a code for this page's own origin would be a dead link on a phone.
  const phoneUrl = config.publicUrl ? mobileGuideUrl(config.publicUrl, guide.id) : null;
  useEffect(() => {
    if (afterPaint && phoneUrl) track('qr', { target: guide.id });
  }, [afterPaint, phoneUrl, guide.id]);
  // The first of the guide's windows that the hall's floor plans place, if any.
  const planWindow = guide.place.windows.find((id) => isOnFloorPlan(hall, id));
  const windowNames = guide.place.windows.map((id) => {
    const w = hall?.windows.find((hw) => hw.id === id);
    return w ? `${id} ${w.name}` : id;
  });
  const feeSummary =
    guide.fees.kind === 'none'
      ? t('noFee')
      : fees
          .filter((f) => isFeeInForce(f, now))
          .map((f) => formatFeeAmount(f.amount, f.unit))
          .join('；') || '—';

  return (
    <article class="screen guide-detail" data-testid="guide-detail">
      <header class="guide-head">
        <div>
          <h1 lang="zh-Hans">{guide.plainName}</h1>
          {guide.plainName !== guide.name && (
            <p class="guide-official-name" lang="zh-Hans">
              {guide.name}
            </p>
          )}
          <p class="card-meta" lang="zh-Hans">
            {props.departmentName ?? guide.departmentId} ·{' '}
            {guide.audience.map((a) => (a === 'person' ? t('audiencePerson') : t('audienceEntity'))).join(' / ')}
          </p>
        </div>
        <div class="guide-actions">
          {paper && (
            <button
              type="button"
              class="button button-secondary"
              data-testid="print-checklist"
              onClick={() => void printOn(paper, guide.id)}
            >
              {t('printChecklist')}
            </button>
          )}
          {afterPaint && <ReadAloudControls text={() => guideSpeechText(guide, fees)} />}
        </div>
      </header>
      {paper && (
        <GuideChecklistPrint
          paper={paper}
          guide={guide}
          hall={hall}
          windowNames={windowNames}
          feeSummary={feeSummary}
          publicUrl={config.publicUrl}
          nowMs={now}
          lastSyncAt={status.lastSyncAt}
        />
      )}

      <dl class="key-facts">
        <Fact label={t('promisedLimit')} value={timeLimitText(guide.promisedTimeLimit, t)} />
        <Fact label={t('fees')} value={feeSummary} />
        <Fact label={t('visits')} value={visitsText(guide.visitsNeeded, t)} />
        <Fact label={t('windows')} value={[guide.place.floor, windowNames.join('、')].filter(Boolean).join(' ')} lang="zh-Hans" />
      </dl>

      <div class="guide-columns">
        <div class="guide-main" lang="zh-Hans">
          {guide.summary && (
            <Section title={t('guideSummary')}>
              <p>{guide.summary}</p>
            </Section>
          )}
          <Section title={t('conditions')}>
            <ul class="bullets">
              {guide.conditions.map((c, i) => (
                <li key={i}>{c}</li>
              ))}
            </ul>
          </Section>
          <Section title={t('materials')} testId="materials">
            {guide.materials.length === 0 ? (
              <p>{t('materialsNone')}</p>
            ) : (
              <MaterialsChecklist materials={guide.materials} guideId={guide.id} t={t} />
            )}
          </Section>
          <Section title={t('steps')}>
            <ol class="steps">
              {guide.steps.map((s, i) => (
                <li key={i} class="step">
                  <span class="step-number" aria-hidden="true">
                    {i + 1}
                  </span>
                  <div>
                    <h3 class="step-title">{s.title}</h3>
                    <p>
                      {t('stepActor')}：{s.actor}　{t('stepResult')}：{s.result}
                    </p>
                    {s.standard && (
                      <p>
                        {t('stepStandard')}：{s.standard}
                      </p>
                    )}
                    {s.timeLimit && (
                      <p>
                        {t('stepTime')}：{s.timeLimit}
                      </p>
                    )}
                  </div>
                </li>
              ))}
            </ol>
          </Section>
          <Section title={t('timeLimits')}>
            <dl class="facts">
              <Fact label={t('legalLimit')} value={timeLimitText(guide.legalTimeLimit, t)} />
              <Fact label={t('promisedLimit')} value={timeLimitText(guide.promisedTimeLimit, t)} />
              <Fact label={t('caseType')} value={guide.caseType === 'immediate' ? t('caseImmediate') : t('casePromised')} />
            </dl>
          </Section>
          <Section title={t('fees')} testId="fees">
            {guide.fees.kind === 'none' ? (
              <p class="strong-line">{t('noFee')}</p>
            ) : (
              <GuideFees ids={guide.fees.feeItemIds} fees={fees} now={now} t={t} timeZone={hallTimeZone(hall)} />
            )}
          </Section>
          <Section title={t('legalBasis')}>
            <ul class="bullets">
              {guide.legalBasis.map((b, i) => (
                <li key={i}>
                  {b.title}
                  {b.article ? ` ${b.article}` : ''}
                </li>
              ))}
            </ul>
          </Section>
          {guide.faq.length > 0 && (
            <Section title={t('faq')}>
              <dl class="faq">
                {guide.faq.map((f, i) => (
                  <div key={i}>
                    <dt>{f.question}</dt>
                    <dd>{f.answer}</dd>
                  </div>
                ))}
              </dl>
            </Section>
          )}
        </div>

        <aside class="guide-side" lang="zh-Hans">
          <Section title={t('place')}>
            <dl class="facts">
              {hall && <Fact label={t('place')} value={hall.name} />}
              {guide.place.floor && <Fact label={t('floor')} value={guide.place.floor} />}
              {windowNames.length > 0 && <Fact label={t('windows')} value={windowNames.join('、')} />}
              {planWindow && (
                <div class="fact">
                  <dt class="visually-hidden">{t('floorPlanShow')}</dt>
                  <dd>
                    <PlanLink hallId={hall!.id} windowId={planWindow} testId="show-on-plan" />
                  </dd>
                </div>
              )}
              {(guide.place.address || hall?.address) && <Fact label={t('address')} value={guide.place.address || hall!.address} />}
              <Fact label={t('hours')} value={guide.hours} />
              <Fact label={t('consultPhone')} value={guide.consultPhone} />
              <Fact label={t('complaintPhone')} value={guide.complaintPhone} />
              <Fact
                label={t('online')}
                value={guide.online.available ? `${t('onlineYes')}${guide.online.note ? `（${guide.online.note}）` : ''}` : t('onlineNo')}
              />
              {guide.result && <Fact label={t('result')} value={guide.result} />}
              <Fact label={t('itemCode')} value={guide.itemCode} />
              <Fact label={t('itemType')} value={guide.itemType} />
            </dl>
          </Section>
          {phoneUrl && (
            <figure class="qr-box">
              {afterPaint ? <QrCode text={phoneUrl} label={t('scanToPhone')} /> : <span class="qr-placeholder" />}
              <figcaption>{t('scanToPhone')}</figcaption>
            </figure>
          )}
          <div class="feedback-entry">
            <RateButton subject={{ type: 'guide', id: guide.id, departmentId: guide.departmentId, title: guide.name.slice(0, 120) }} />
          </div>
          <div class="feedback-entry">
            <MessageButton
              departments={props.departmentName ? [{ id: guide.departmentId, name: props.departmentName }] : []}
              departmentId={guide.departmentId}
            />
          </div>
        </aside>
      </div>
    </article>
  );
}

function useAfterFirstPaint(): boolean {
  const [done, setDone] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setDone(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return done;
}

function Section(props: { title: string; children: preact.ComponentChildren; testId?: string }) {
  return (
    <section class="guide-section" data-testid={props.testId}>
      <h2>{props.title}</h2>
      {props.children}
    </section>
  );
}

/** `lang` marks a value that is published content (Chinese as written) inside interface-language chrome. */
function Fact(props: { label: string; value: string; lang?: string }) {
  return (
    <div class="fact">
      <dt>{props.label}</dt>
      <dd lang={props.lang}>{props.value}</dd>
    </div>
  );
}

function MaterialsChecklist(props: { materials: Material[]; guideId: string; t: Translate }) {
  const { t } = props;
  const form = {
    paper: t('materialPaper'),
    electronic: t('materialElectronic'),
    'paper-or-electronic': t('materialPaperOrElectronic'),
  } as const;
  return (
    <ol class="materials">
      {props.materials.map((m, i) => (
        <li key={i} class="material">
          {/* Tick off what you have brought: a real checkbox, its whole name is the label. */}
          <input type="checkbox" class="material-check" id={`material-${i}`} aria-describedby={`material-counts-${i}`} />
          <div class="material-body">
            <label class="material-name" for={`material-${i}`}>
              {m.name}
              <span class={`tag ${m.requirement === 'required' ? 'tag-required' : 'tag-conditional'}`}>
                {m.requirement === 'required' ? t('materialRequired') : t('materialConditional')}
              </span>
            </label>
            {m.requirement === 'conditional' && <p class="material-condition">{m.condition}</p>}
            <p class="material-counts" id={`material-counts-${i}`}>
              {/* The counts name the kind already ("原件 1 份"): the kind is not said twice. */}
              <strong>{materialCounts(m, t)}</strong>
            </p>
            <p class="material-meta">
              {form[m.form]} · {m.source === 'applicant' ? t('materialFromApplicant') : t('materialFromDepartment')}
              {m.sourceDetail ? `（${m.sourceDetail}）` : ''}
            </p>
            {m.notes && <p class="material-notes">{m.notes}</p>}
            {(m.blankForm || m.sample) && (
              <p class="material-forms">
                {m.blankForm && (
                  <Link
                    to="/guides/$guideId/forms/$material"
                    params={{ guideId: props.guideId, material: String(i) }}
                    search={{ kind: 'blank' }}
                    className="button button-secondary"
                  >
                    {t('viewBlankForm')}
                  </Link>
                )}
                {m.sample && (
                  <Link
                    to="/guides/$guideId/forms/$material"
                    params={{ guideId: props.guideId, material: String(i) }}
                    search={{ kind: 'sample' }}
                    className="button button-secondary"
                  >
                    {t('viewSample')}
                  </Link>
                )}
              </p>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** "原件 1 份，复印件 2 份", leaving out the kind that is not needed. */
export function materialCounts(m: Pick<Material, 'originalOrCopy' | 'originals' | 'copies'>, t: Translate): string {
  if (m.originalOrCopy === 'original') return t('materialOriginalsN', { n: m.originals });
  if (m.originalOrCopy === 'copy') return t('materialCopiesN', { n: m.copies });
  return t('materialCounts', { o: m.originals, c: m.copies });
}

function GuideFees(props: { ids: string[]; fees: FeeItem[]; now: number; t: Translate; timeZone: string }) {
  const { t, now } = props;
  const byId = new Map(props.fees.map((f) => [f.id, f]));
  return (
    <ul class="fee-lines">
      {props.ids.map((id) => {
        const fee = byId.get(id);
        if (!fee) return <li key={id}>{t('feeNotFound', { id })}</li>;
        const inForce = isFeeInForce(fee, now);
        // An expired item is history, not a fee anyone pays: leave it out.
        if (!inForce && Date.parse(fee.effectiveFrom) <= now) return null;
        return (
          <li key={id} class={inForce ? 'fee-line' : 'fee-line fee-line-inactive'}>
            <span class="fee-name">
              {fee.name}
              {!inForce && Date.parse(fee.effectiveFrom) > now && (
                <span class="tag tag-conditional">
                  {t('feeUpcoming')} · {t('feeFrom', { d: formatDate(Date.parse(fee.effectiveFrom), props.timeZone) })}
                </span>
              )}
            </span>
            <span class="fee-amount" data-testid="fee-amount">
              {formatFeeAmount(fee.amount, fee.unit)}
            </span>
            <span class="fee-basis">{fee.basis.map((b) => `${b.title}（${b.number}）`).join('；')}</span>
          </li>
        );
      })}
    </ul>
  );
}
