/**
 * The kiosk fleet: what each kiosk reported (last seen, cursor against the
 * head of its hall's feed, version, last error) with flags, and how far each
 * publish has reached — counted only from cursors the kiosks reported.
 */
import { useEffect, useState } from 'preact/hooks';
import { FleetTable, type FleetRow } from './FleetTable';
import { KioskSettingsForm } from './KioskSettingsForm';
import { PairKioskForm } from './PairKioskForm';
import { ApiError, type FieldProblem } from '../api-error';
import { useSession } from '../app/session';
import { call, client, params, type Answer } from '../client';
import { ErrorSummary } from '../forms/ErrorSummary';
import { formatTime } from '../format';

const LABELS: Record<string, string> = { id: '终端编号', hallId: '大厅', name: '名称', staffPin: '维护 PIN' };

type Publication = Answer<typeof client.publications.$get>['publications'][number];
type Alert = Answer<typeof client.alerts.$get>['alerts'][number];
/** A new configuration (token included), from registering a kiosk or reissuing its token. */
type Issued = Answer<typeof client.kiosks.$post> | Answer<(typeof client.kiosks)[':id']['token']['$post']>;

const ALERT_KINDS: Record<string, string> = {
  silent: '长时间未联系',
  'stale-data': '数据过期',
  'storage-not-persisted': '存储非持久',
  'repeated-errors': '反复出错',
};

export function FleetPage() {
  const { user, lookups } = useSession();
  const [kiosks, setKiosks] = useState<FleetRow[] | null>(null);
  const [pubs, setPubs] = useState<Publication[]>([]);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [alertHistory, setAlertHistory] = useState<Alert[]>([]);
  const [webhookConfigured, setWebhookConfigured] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [form, setForm] = useState({ id: '', hallId: lookups.halls[0]?.value ?? '', name: '', staffPin: '' });
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [issued, setIssued] = useState<Issued | null>(null);
  const load = () =>
    Promise.all([
      call(client.kiosks.$get()),
      call(client.publications.$get({ query: {} })),
      call(client.alerts.$get({ query: { refresh: '1' } })),
    ]).then(([k, p, a]) => {
      setKiosks(k.kiosks);
      setPubs(p.publications);
      setAlerts(a.alerts);
      setAlertHistory(a.history);
      setWebhookConfigured(a.webhookConfigured);
    });
  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), 30_000);
    return () => clearInterval(t);
  }, []);
  const hallName = (id: string) => lookups.halls.find((h) => h.value === id)?.label ?? id;

  const register = async (e: Event) => {
    e.preventDefault();
    try {
      setIssued(await call(client.kiosks.$post({ json: form })));
      setProblems([]);
      setForm((prev) => ({ ...prev, id: '', name: '', staffPin: '' }));
      await load();
    } catch (err) {
      setProblems(
        err instanceof ApiError ? (err.body.problems ?? [{ field: '', message: err.message }]) : [{ field: '', message: '登记失败' }],
      );
    }
  };
  const reissue = async (id: string) => {
    const pin = prompt(`为 ${id} 重新生成令牌和配置。请输入该终端的维护 PIN（6–12 位数字）：`);
    if (!pin) return;
    try {
      setIssued(await call(client.kiosks[':id'].token.$post({ param: params({ id }), json: { staffPin: pin } })));
      setProblems([]);
    } catch (err) {
      setProblems(err instanceof ApiError ? (err.body.problems ?? [{ field: '', message: err.message }]) : []);
    }
  };
  const remove = async (id: string) => {
    if (!confirm(`注销终端 ${id}？它的令牌将立即失效。`)) return;
    await call(client.kiosks[':id'].$delete({ param: params({ id }) })).catch((err: Error) =>
      setProblems([{ field: '', message: err.message }]),
    );
    await load();
  };
  const downloadUrl = issued ? URL.createObjectURL(new Blob([JSON.stringify(issued.config, null, 2)], { type: 'application/json' })) : '';

  return (
    <>
      <h1>终端</h1>
      <section aria-labelledby="alerts-title">
        <h2 id="alerts-title">告警</h2>
        {alerts.length === 0 ? (
          <p class="hint" data-testid="no-alerts">
            目前没有告警。{webhookConfigured ? '新告警会同时推送到已配置的 Webhook。' : '未配置 ALERT_WEBHOOK_URL：告警只在这里显示。'}
          </p>
        ) : (
          <ul class="alert-list" data-testid="alert-list">
            {alerts.map((a) => (
              <li key={`${a.kioskId}:${a.kind}`}>
                <span class="tag tag--alert">{ALERT_KINDS[a.kind] ?? a.kind}</span> {a.message}
                <span class="hint">（{formatTime(a.raisedAt)} 起）</span>
              </li>
            ))}
          </ul>
        )}
        {alertHistory.length ? (
          <details data-testid="alert-history">
            <summary>最近恢复的告警（{alertHistory.length}）</summary>
            <table class="table">
              <caption class="visually-hidden">已恢复的告警</caption>
              <thead>
                <tr>
                  <th scope="col">告警</th>
                  <th scope="col">出现</th>
                  <th scope="col">恢复</th>
                </tr>
              </thead>
              <tbody>
                {alertHistory.map((a) => (
                  <tr key={`${a.kioskId}:${a.kind}:${a.raisedAt}`}>
                    <td>
                      <span class="tag">{ALERT_KINDS[a.kind] ?? a.kind}</span> {a.message}
                    </td>
                    <td>{formatTime(a.raisedAt)}</td>
                    <td>{formatTime(a.resolvedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        ) : null}
      </section>
      {!kiosks ? (
        <p role="status">正在载入…</p>
      ) : (
        <FleetTable
          kiosks={kiosks}
          hallName={hallName}
          nowMs={Date.now()}
          admin={user.role === 'admin'}
          onSettings={setEditing}
          onReissue={(id) => void reissue(id)}
          onRemove={(id) => void remove(id)}
        />
      )}
      {editing ? <KioskSettingsForm kioskId={editing} onSaved={() => void load()} onClose={() => setEditing(null)} /> : null}
      <h2>最近的发布送达情况</h2>
      <p class="hint">只统计已向服务器报告收到该发布的终端；终端未报告前不算送达。</p>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">时间</th>
            <th scope="col">内容</th>
            <th scope="col">序号</th>
            <th scope="col">已送达</th>
          </tr>
        </thead>
        <tbody>
          {pubs.map((p) => (
            <tr key={p.id}>
              <td>{formatTime(p.at)}</td>
              <td>{p.summary}</td>
              <td>{p.fromSeq === p.toSeq ? p.toSeq : `${p.fromSeq}–${p.toSeq}`}</td>
              <td>
                {p.reached} / {p.eligible} 台{p.notYet.length ? <div class="hint">未送达：{p.notYet.join('、')}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {user.role === 'admin' ? <PairKioskForm onPaired={() => void load()} /> : null}
      {user.role === 'admin' ? (
        <section>
          <h2>登记新终端</h2>
          {issued ? (
            <div class="notice" role="status">
              <p>已为 {issued.kiosk.id} 生成配置。请下载配置文件并安装到终端；其中的令牌只显示这一次，旧令牌已失效。</p>
              <a class="button" href={downloadUrl} download={`${issued.kiosk.id}.json`}>
                下载 {issued.kiosk.id}.json
              </a>
            </div>
          ) : null}
          <ErrorSummary title="请修改以下内容" problems={problems} labels={(f) => LABELS[f] ?? f} />
          <form onSubmit={register} noValidate>
            {(['id', 'name', 'staffPin'] as const).map((f) => (
              <div class="form-group" key={f}>
                <label class="label" for={`f-${f}`}>
                  {LABELS[f]}
                </label>
                {f === 'staffPin' ? <p class="hint">6–12 位数字，工作人员在终端上打开维护面板时使用</p> : null}
                <input
                  class="input"
                  id={`f-${f}`}
                  type={(f === 'staffPin' ? 'password' : 'text') as 'text'}
                  inputMode={f === 'staffPin' ? 'numeric' : 'text'}
                  autoComplete="off"
                  value={form[f]}
                  onInput={(e) => {
                    const v = e.currentTarget.value;
                    setForm((prev) => ({ ...prev, [f]: v }));
                  }}
                />
              </div>
            ))}
            <div class="form-group">
              <label class="label" for="f-hallId">
                大厅
              </label>
              <select
                class="input"
                id="f-hallId"
                value={form.hallId}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setForm((prev) => ({ ...prev, hallId: v }));
                }}
              >
                {lookups.halls.map((h) => (
                  <option key={h.value} value={h.value}>
                    {h.label}
                  </option>
                ))}
              </select>
            </div>
            <button class="button" type="submit">
              登记并生成配置
            </button>
          </form>
        </section>
      ) : null}
    </>
  );
}
