/**
 * One paired kiosk's settings, edited in the console: the kiosk receives them
 * in its next heartbeat reply and applies them at its next idle moment (no
 * re-pairing). Below, the remote actions (reload, resync from scratch, clear
 * the cache, rebuild the search index, screenshot) with the state of each:
 * queued, delivered, done or failed, and the latest screenshots with their
 * time in hall time.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type FieldProblem } from '../api-error';
import { call, client, params, type Answer } from '../client';
import { ErrorSummary } from '../forms/ErrorSummary';
import { formatTime } from '../format';
import { SelectField, SHARED_LABELS, SharedSettingsFields, TextField, typedNumber, type SharedSettings } from './SettingsFields';

const LABELS: Record<string, string> = {
  name: '名称',
  ...SHARED_LABELS,
  theme: '显示主题',
  elderModeDefault: '默认长辈模式',
  publicUrl: '二维码公网地址（留空则用服务器的 PUBLIC_URL）',
  pollIntervalSeconds: '检查更新间隔（秒）',
  staleAfterSeconds: '数据多久未确认算过期（秒，留空为默认 3600）',
  staffPin: '新的维护 PIN（6–12 位数字，留空则不改）',
  action: '远程操作',
};
const kiosk = client.kiosks[':id'];
type Action = Answer<typeof kiosk.actions.$get>['actions'][number];
type Screenshot = Answer<typeof kiosk.screenshots.$get>['screenshots'][number];
type Settings = NonNullable<Answer<typeof kiosk.settings.$get>['settings']>;

const ACTIONS: [Action['action'], string, string][] = [
  ['reload', '重新载入', '查询机重新载入页面'],
  ['resync', '从头同步', '删除本机已下载的内容，重新下载全部数据（几分钟）'],
  ['clear-cache', '清除缓存', '清除缓存的程序文件，下次载入时重新获取'],
  ['rebuild-index', '重建搜索索引', '用本机已存的内容重新建立搜索索引，完成后报告条数和用时'],
  ['screenshot', '屏幕截图', '查询机把当前画面绘制成图片上传（输入框内容会被隐藏；居民正在评价或留言时不截图）'],
];

const STATES: Record<string, string> = { queued: '等待下发', delivered: '已下发，等待确认', done: '已完成', failed: '失败' };

interface Form extends SharedSettings {
  name: string;
  theme: Settings['theme'];
  elderModeDefault: boolean;
  publicUrl: string;
  pollIntervalSeconds: string;
  staleAfterSeconds: string;
  staffPin: string;
}

/** The picture itself (an <img> cannot go through the client; the session cookie goes with it). */
const screenshotUrl = (id: number) => `/api/console/kiosk-screenshots/${id}`;

export function KioskSettingsForm(props: { kioskId: string; onSaved: () => void; onClose: () => void }) {
  const [form, setForm] = useState<Form | null>(null);
  const [version, setVersion] = useState<number | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [done, setDone] = useState('');
  const [actions, setActions] = useState<Action[]>([]);
  const [screenshots, setScreenshots] = useState<Screenshot[]>([]);
  const param = params({ id: props.kioskId });
  const loadActions = () =>
    Promise.all([call(kiosk.actions.$get({ param })), call(kiosk.screenshots.$get({ param }))])
      .then(([a, s]) => {
        setActions(a.actions);
        setScreenshots(s.screenshots);
      })
      .catch(() => undefined);

  useEffect(() => {
    setForm(null);
    setDone('');
    setProblems([]);
    void call(kiosk.settings.$get({ param })).then((r) => {
      const s: Partial<Settings> = r.settings ?? {};
      setVersion(r.version);
      setForm({
        name: r.kiosk.name,
        hallId: r.kiosk.hallId,
        languages: s.languages ?? ['zh-Hans', 'zh-Hant', 'en'],
        idleTimeoutSeconds: String(s.idleTimeoutSeconds ?? 90),
        printer: s.printer ?? 'none',
        theme: s.theme ?? 'default',
        elderModeDefault: s.elderModeDefault ?? false,
        publicUrl: s.publicUrl ?? '',
        pollIntervalSeconds: String(s.pollIntervalSeconds ?? 30),
        staleAfterSeconds: s.staleAfterSeconds ? String(s.staleAfterSeconds) : '',
        staffPin: '',
      });
    });
    void loadActions();
    // Faster while an action is under way, so a screenshot shows soon after the kiosk uploads it.
    const timer = setInterval(() => void loadActions(), 5_000);
    return () => clearInterval(timer);
  }, [props.kioskId]);

  if (!form) return <p role="status">正在载入设置…</p>;
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((prev) => (prev ? { ...prev, [key]: value } : prev));

  const save = async (e: Event) => {
    e.preventDefault();
    setDone('');
    try {
      const r = await call(
        kiosk.settings.$patch({
          param,
          json: {
            name: form.name,
            hallId: form.hallId,
            languages: form.languages,
            idleTimeoutSeconds: typedNumber(form.idleTimeoutSeconds),
            printer: form.printer,
            theme: form.theme,
            elderModeDefault: form.elderModeDefault,
            publicUrl: form.publicUrl,
            pollIntervalSeconds: typedNumber(form.pollIntervalSeconds),
            staleAfterSeconds: typedNumber(form.staleAfterSeconds),
            staffPin: form.staffPin || undefined,
          },
        }),
      );
      setProblems([]);
      setVersion(r.version);
      set('staffPin', '');
      setDone(
        r.changed.length ? `已保存（设置版本 ${r.version}）。查询机下次联系时收到新设置，在无人操作时自动应用。` : '没有修改任何设置。',
      );
      props.onSaved();
    } catch (err) {
      setProblems(
        err instanceof ApiError ? (err.body.problems ?? [{ field: '', message: err.message }]) : [{ field: '', message: '保存失败' }],
      );
    }
  };

  const queue = async (action: Action['action']) => {
    try {
      await call(kiosk.actions.$post({ param, json: { action } }));
      await loadActions();
    } catch (err) {
      setProblems([{ field: 'action', message: err instanceof Error ? err.message : '操作失败' }]);
    }
  };

  const text = (f: 'name' | 'publicUrl' | 'pollIntervalSeconds' | 'staleAfterSeconds' | 'staffPin', numeric = false) => (
    <TextField
      prefix="ks"
      field={f}
      label={LABELS[f]!}
      problems={problems}
      numeric={numeric}
      password={f === 'staffPin'}
      value={form[f]}
      onInput={(v) => set(f, v)}
    />
  );

  return (
    <section aria-labelledby="ks-title" class="kiosk-settings">
      <h2 id="ks-title">
        {props.kioskId} 的设置{version != null ? <span class="hint">（当前版本 {version}）</span> : null}
      </h2>
      {version == null ? <p class="hint">此终端还没有在控制台保存的设置；首次保存时请同时设置维护 PIN。</p> : null}
      {done ? (
        <p class="notice" role="status">
          {done}
        </p>
      ) : null}
      <ErrorSummary title="请修改以下内容" problems={problems} labels={(f) => LABELS[f] ?? f} />
      <form onSubmit={save} noValidate>
        {text('name')}
        <SharedSettingsFields
          prefix="ks"
          values={form}
          problems={problems}
          onChange={(field, value) => setForm((prev) => (prev ? { ...prev, [field]: value } : prev))}
        />
        <SelectField
          prefix="ks"
          field="theme"
          label={LABELS.theme!}
          problems={problems}
          value={form.theme}
          choices={[
            ['default', '标准'],
            ['high-contrast', '高对比度'],
          ]}
          onChange={(v) => set('theme', v)}
        />
        <div class="checkbox">
          <input
            type="checkbox"
            id="ks-elderModeDefault"
            checked={form.elderModeDefault}
            onChange={(e) => set('elderModeDefault', e.currentTarget.checked)}
          />
          <label for="ks-elderModeDefault">{LABELS.elderModeDefault}：每位新访客默认使用大字、大按钮</label>
        </div>
        {text('publicUrl')}
        {text('pollIntervalSeconds', true)}
        {text('staleAfterSeconds', true)}
        {text('staffPin', true)}
        <div class="actions">
          <button class="button" type="submit">
            保存设置
          </button>
          <button class="button button--secondary" type="button" onClick={props.onClose}>
            关闭
          </button>
        </div>
      </form>
      <h3>远程操作</h3>
      <p class="hint">操作在查询机下次联系服务器时下发（通常 30 秒内），查询机执行后确认。</p>
      <div class="actions">
        {ACTIONS.map(([action, label, hint]) => (
          <button key={action} type="button" class="button button--secondary" title={hint} onClick={() => void queue(action)}>
            {label}
          </button>
        ))}
      </div>
      {actions.length ? (
        <table class="table" data-testid="kiosk-actions">
          <caption class="visually-hidden">远程操作记录</caption>
          <thead>
            <tr>
              <th scope="col">操作</th>
              <th scope="col">状态</th>
              <th scope="col">发起</th>
              <th scope="col">完成</th>
            </tr>
          </thead>
          <tbody>
            {actions.map((a) => (
              <tr key={a.id}>
                <td>{ACTIONS.find(([k]) => k === a.action)?.[1] ?? a.action}</td>
                <td>
                  <span class={`tag ${a.state === 'done' ? 'tag--ok' : a.state === 'failed' ? 'tag--alert' : 'tag--warn'}`}>
                    {STATES[a.state] ?? a.state}
                  </span>
                  {a.detail ? <div class="hint">{a.detail}</div> : null}
                </td>
                <td>
                  {formatTime(a.createdAt)}
                  <div class="hint">{a.createdBy}</div>
                </td>
                <td>{formatTime(a.doneAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h3>屏幕截图</h3>
      {screenshots.length === 0 ? (
        <p class="hint">还没有截图。点击“屏幕截图”，查询机下次联系服务器时截图上传。</p>
      ) : (
        <>
          <p class="hint">保留每台查询机最近 5 张、7 天内的截图。</p>
          <figure class="kiosk-screenshot" data-testid="kiosk-screenshot">
            <img
              src={screenshotUrl(screenshots[0]!.id)}
              alt={`${props.kioskId} 的屏幕截图，${formatTime(screenshots[0]!.takenAt)}`}
              width={screenshots[0]!.width ?? undefined}
              height={screenshots[0]!.height ?? undefined}
            />
            <figcaption>
              截图时间 {formatTime(screenshots[0]!.takenAt)}
              {screenshots[0]!.width ? `，${screenshots[0]!.width}×${screenshots[0]!.height}` : ''}
            </figcaption>
          </figure>
          {screenshots.length > 1 ? (
            <ul class="hint">
              {screenshots.slice(1).map((s) => (
                <li key={s.id}>
                  <a href={screenshotUrl(s.id)} target="_blank" rel="noopener">
                    {formatTime(s.takenAt)} 的截图
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </section>
  );
}
