/**
 * Reports on residents' feedback: satisfaction by department, service,
 * window and month; rectification, on-time and reply rates; visits by kiosk
 * and day; top guides; zero-result searches (the content gap); the yearly
 * summary. Every table exports to CSV/XLSX. Charts (ECharts) load lazily.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { formatProblems } from '../../shared/content';
import { ApiError } from '../api-error';
import { useSession } from '../app/session';
import { call, client, download, params, type Answer } from '../client';
import { ContentGapAction } from './ContentGapAction';
import { localDateOf } from '../../shared/workdays/local-date';

const reports = client.feedback.reports;
type Report = Answer<typeof reports.$get>;
type Yearly = Answer<(typeof reports.yearly)[':year']['$get']>;
type SatisfactionRow = Report['byDepartment'][number];

/** A refused range names the parameter and what is wrong with it (from: 必须是 YYYY-MM-DD 格式的日期). */
const problemText = (err: ApiError) => (err.body.problems?.length ? `查询条件有误：${formatProblems(err.body.problems)}` : err.message);

const pct = (x: number | null | undefined) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);

/** A report's table as a file, for the same dates; a refusal is shown on the page (onError). */
function Export(props: { report: string; from: string; to: string; onError: (message: string) => void }) {
  const { report, from, to } = props;
  const save = (format: 'csv' | 'xlsx') =>
    download(
      reports[':report'].export.$get({ param: params({ report }), query: { format, from, to } }),
      `feedback-${report}-${from}-${to}.${format}`,
    ).catch((err: unknown) => props.onError(err instanceof Error ? err.message : '导出失败'));
  return (
    <span class="button-group">
      <button type="button" class="button button--secondary button--small" onClick={() => void save('csv')}>
        CSV
      </button>
      <button type="button" class="button button--secondary button--small" onClick={() => void save('xlsx')}>
        XLSX
      </button>
    </span>
  );
}

export function ReportsPage(props: { query: URLSearchParams }) {
  const { lookups } = useSession();
  // The halls' today (Beijing time), whatever the browser's clock zone.
  const today = localDateOf(new Date());
  // An emptied date box sends an empty value: the default, as if it were left out.
  const from = props.query.get('from') || `${today.slice(0, 4)}-01-01`;
  const to = props.query.get('to') || today;
  const [data, setData] = useState<Report | null>(null);
  const [yearly, setYearly] = useState<Yearly | null>(null);
  const [error, setError] = useState<string | null>(null);
  const deptChart = useRef<HTMLDivElement>(null);
  const monthChart = useRef<HTMLDivElement>(null);
  const visitsChart = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setError(null);
    const failed = (err: unknown) => setError(err instanceof ApiError ? problemText(err) : err instanceof Error ? err.message : '载入失败');
    call(reports.$get({ query: { from, to } })).then(setData, failed);
    call(reports.yearly[':year'].$get({ param: { year: from.slice(0, 4) } })).then(setYearly, failed);
  }, [from, to]);

  const departments = lookups.departments;
  const deptName = useCallback(
    (id: string) => (id ? (departments.find((d) => d.value === id)?.label ?? id) : '大厅（整体）'),
    [departments],
  );

  useEffect(() => {
    if (!data) return;
    let disposed = false;
    const cleanups: (() => void)[] = [];
    void import('./charts').then((charts) => {
      if (disposed) return;
      if (deptChart.current)
        cleanups.push(
          charts.drawSatisfaction(
            deptChart.current,
            '各部门满意度',
            data.byDepartment.map((r) => ({ ...r, label: deptName(r.key) })),
          ),
        );
      if (monthChart.current) cleanups.push(charts.drawSatisfaction(monthChart.current, '逐月满意度', data.byMonth));
      if (visitsChart.current) cleanups.push(charts.drawVisits(visitsChart.current, data.visits.byDay));
      document.body.dataset.chartsReady = 'true';
    });
    return () => {
      disposed = true;
      cleanups.forEach((c) => c());
    };
  }, [data, deptName]);

  const alert = error && (
    <p class="error-message" role="alert">
      {error}
    </p>
  );
  // The dates stay at hand when a report cannot be read (a date typed into the address, say).
  const rangeForm = (
    <form class="report-range" method="get" action="/console/feedback/reports">
      <label>
        从 <input type="date" name="from" value={from} />
      </label>
      <label>
        到 <input type="date" name="to" value={to} />
      </label>
      <button type="submit" class="button button--small">
        查看
      </button>
    </form>
  );
  if (!data)
    return (
      <>
        <h1>好差评与使用报表</h1>
        {alert || <p role="status">正在载入…</p>}
        {rangeForm}
      </>
    );
  const exports = { from, to, onError: setError };
  return (
    <>
      <h1>好差评与使用报表</h1>
      {alert}
      {rangeForm}

      {yearly && (
        <section aria-labelledby="yearly">
          <h2 id="yearly">{yearly.year} 年度汇总（政务公开年报用）</h2>
          <dl class="report-figures" data-testid="yearly">
            <div>
              <dt>访问次数</dt>
              <dd>{yearly.visits}</dd>
            </div>
            <div>
              <dt>搜索次数</dt>
              <dd>{yearly.searches}</dd>
            </div>
            <div>
              <dt>二维码展示</dt>
              <dd>{yearly.qrShown}</dd>
            </div>
            <div>
              <dt>打印</dt>
              <dd>{yearly.prints}</dd>
            </div>
            <div>
              <dt>评价数</dt>
              <dd>{yearly.ratings}</dd>
            </div>
            <div>
              <dt>满意率</dt>
              <dd>{pct(yearly.satisfiedRate)}</dd>
            </div>
            <div>
              <dt>差评</dt>
              <dd>{yearly.badRatings}</dd>
            </div>
            <div>
              <dt>差评整改率</dt>
              <dd>{pct(yearly.rectifiedRate)}</dd>
            </div>
            <div>
              <dt>按期办结率</dt>
              <dd>{pct(yearly.onTimeRate)}</dd>
            </div>
            <div>
              <dt>留言</dt>
              <dd>{yearly.messages}</dd>
            </div>
            <div>
              <dt>留言答复率</dt>
              <dd>{pct(yearly.replyRate)}</dd>
            </div>
          </dl>
        </section>
      )}

      <section aria-labelledby="rates">
        <h2 id="rates">
          差评整改与留言答复 <Export report="cases" {...exports} />
        </h2>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">来源</th>
              <th scope="col">案件</th>
              <th scope="col">已办结</th>
              <th scope="col">整改率</th>
              <th scope="col">按期率</th>
              <th scope="col">答复率</th>
              <th scope="col">逾期未办结</th>
            </tr>
          </thead>
          <tbody>
            {(['rating', 'message'] as const)
              .flatMap((kind) => data.cases.filter((c) => c.kind === kind))
              .map((c) => (
                <tr key={c.kind}>
                  <th scope="row">{c.kind === 'rating' ? '差评' : '留言'}</th>
                  <td>{c.total}</td>
                  <td>{c.closed}</td>
                  <td>{pct(c.total ? c.closed / c.total : null)}</td>
                  <td>{pct(c.closed ? c.closedOnTime / c.closed : null)}</td>
                  <td>{pct(c.total ? c.replied / c.total : null)}</td>
                  <td>{c.overdueOpen > 0 ? <strong>{c.overdueOpen}</strong> : 0}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="by-dept">
        <h2 id="by-dept">
          满意度 <Export report="department" {...exports} />
        </h2>
        <div class="report-charts">
          <div ref={deptChart} class="report-chart" role="img" aria-label="各部门满意度图" data-testid="chart-department" />
          <div ref={monthChart} class="report-chart" role="img" aria-label="逐月满意度图" />
        </div>
        <SatisfactionTable title="按部门" rows={data.byDepartment.map((r) => ({ ...r, label: deptName(r.key) }))} />
        <h3>
          按事项 <Export report="service" {...exports} />
        </h3>
        <SatisfactionTable title="按事项" rows={data.byService.slice(0, 20)} />
        <h3>
          按窗口和人员 <Export report="window" {...exports} />
        </h3>
        <SatisfactionTable title="按窗口" rows={data.byWindow.slice(0, 20)} />
      </section>

      <section aria-labelledby="visits">
        <h2 id="visits">
          访问 <Export report="visits" {...exports} />
        </h2>
        <div ref={visitsChart} class="report-chart report-chart--wide" role="img" aria-label="每日访问图" />
        <table class="table" data-testid="visits-kiosks">
          <caption>访问最多的终端（每台终端每天的数字见导出）</caption>
          <thead>
            <tr>
              <th scope="col">终端</th>
              <th scope="col">访问次数</th>
            </tr>
          </thead>
          <tbody>
            {[...data.visits.byKiosk]
              .sort((a, b) => b.count - a.count)
              .slice(0, 20)
              .map((k) => (
                <tr key={k.kioskId}>
                  <th scope="row">{k.kioskId}</th>
                  <td>{k.count}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="guides">
        <h2 id="guides">
          最常查看的办事指南 <Export report="guides" {...exports} />
        </h2>
        <ol>
          {data.topGuides.map((g) => (
            <li key={g.target}>
              {g.target}（{g.count} 次）
            </li>
          ))}
        </ol>
      </section>

      <QrAndPrints data={data} {...exports} />

      <section aria-labelledby="gap">
        <h2 id="gap">
          没有结果的搜索（内容缺口） <Export report="content-gap" {...exports} />
        </h2>
        <p class="hint">居民搜了却没有找到的词。可以起草为某条指南的俗称或一条俗语词条；草稿经审核发布后，同样的搜索就能找到。</p>
        <table class="table" data-testid="content-gap">
          <thead>
            <tr>
              <th scope="col">搜索词</th>
              <th scope="col">次数</th>
              <th scope="col">处理</th>
            </tr>
          </thead>
          <tbody>
            {data.zeroSearches.map((z) => (
              <tr key={z.target}>
                <td>{z.target}</td>
                <td>{z.count}</td>
                <td>
                  <ContentGapAction words={z.target} count={z.count} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

/** QR codes and prints side by side, by one key (a day or a kiosk). */
function sideBySide<T extends { count: number }>(qr: T[], prints: T[], key: (x: T) => string) {
  const rows = new Map<string, { key: string; qr: number; prints: number }>();
  const at = (k: string) => rows.get(k) ?? rows.set(k, { key: k, qr: 0, prints: 0 }).get(k)!;
  for (const x of qr) at(key(x)).qr += x.count;
  for (const x of prints) at(key(x)).prints += x.count;
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** QR codes shown and prints, per day, per kiosk and per guide or form, like visits and guides. */
function QrAndPrints(props: { data: Report; from: string; to: string; onError: (message: string) => void }) {
  const { data, ...exports } = props;
  const { qr, prints } = data;
  const byDay = sideBySide(qr.byDay, prints.byDay, (x) => x.day);
  const byKiosk = sideBySide(qr.byKiosk, prints.byKiosk, (x) => x.kioskId);
  const byTarget = new Map<string, { qr: number; prints: number }>();
  for (const x of data.topQr) byTarget.set(x.target, { qr: x.count, prints: 0 });
  for (const x of data.topPrints) byTarget.set(x.target, { qr: byTarget.get(x.target)?.qr ?? 0, prints: x.count });
  const table = (testId: string, head: string, rows: { key: string; qr: number; prints: number }[]) => (
    <table class="table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col">二维码展示</th>
          <th scope="col">打印</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.key}</th>
            <td>{r.qr}</td>
            <td>{r.prints}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <section aria-labelledby="qr-prints">
      <h2 id="qr-prints">
        二维码与打印 <Export report="qr-prints" {...exports} />
      </h2>
      <p class="hint">居民扫码把指南带走、打印材料清单或空白表格的次数。</p>
      {byDay.length === 0 ? (
        <p>这段时间没有扫码或打印。</p>
      ) : (
        <div>
          <div>
            <h3>按日期</h3>
            {table('qr-prints-days', '日期', byDay)}
          </div>
          <div>
            <h3>按终端</h3>
            {table('qr-prints-kiosks', '终端', byKiosk)}
          </div>
          <div>
            <h3>
              按指南/表格 <Export report="qr-prints-targets" {...exports} />
            </h3>
            {table(
              'qr-prints-targets',
              '指南/表格',
              [...byTarget].map(([key, v]) => ({ key, ...v })),
            )}
          </div>
        </div>
      )}
    </section>
  );
}

function SatisfactionTable(props: { title: string; rows: SatisfactionRow[] }) {
  return (
    <table class="table">
      <caption class="visually-hidden">{props.title}</caption>
      <thead>
        <tr>
          <th scope="col">{props.title.slice(1)}</th>
          <th scope="col">评价数</th>
          <th scope="col">非常满意</th>
          <th scope="col">满意</th>
          <th scope="col">基本满意</th>
          <th scope="col">不满意</th>
          <th scope="col">非常不满意</th>
          <th scope="col">满意率</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td>{r.total}</td>
            <td>{r.levels[5]}</td>
            <td>{r.levels[4]}</td>
            <td>{r.levels[3]}</td>
            <td>{r.levels[2]}</td>
            <td>{r.levels[1]}</td>
            <td>{pct(r.satisfiedRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
