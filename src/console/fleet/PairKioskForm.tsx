/**
 * Pairing a new kiosk: staff type the code the kiosk shows and choose its
 * settings; the kiosk receives them (and its token) by itself. Nothing to copy.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type FieldProblem } from '../api-error';
import { useSession } from '../app/session';
import { call, client, type Answer } from '../client';
import { ErrorSummary } from '../forms/ErrorSummary';
import { SHARED_LABELS, SharedSettingsFields, TextField, typedNumber, type SharedSettings } from './SettingsFields';

const LABELS: Record<string, string> = {
  code: '配对码（查询机屏幕上的 8 位数字）',
  id: '终端编号（小写字母、数字和 -，如 kiosk-county-2）',
  name: '名称（如 一楼大厅 2 号机）',
  ...SHARED_LABELS,
  staffPin: '维护 PIN（6–12 位数字）',
  replace: '重新配对',
  templateId: '设置模板',
};

type Template = Answer<(typeof client)['kiosk-templates']['$get']>['templates'][number];

type Form = SharedSettings & { code: string; id: string; name: string; staffPin: string; replace: boolean; templateId: string };

export function PairKioskForm(props: { onPaired: () => void }) {
  const { lookups } = useSession();
  const empty: Form = {
    code: '',
    id: '',
    name: '',
    hallId: lookups.halls[0]?.value ?? '',
    languages: ['zh-Hans', 'zh-Hant', 'en'],
    idleTimeoutSeconds: '90',
    printer: 'none',
    staffPin: '',
    replace: false,
    templateId: '',
  };
  const [form, setForm] = useState(empty);
  const [templates, setTemplates] = useState<readonly Template[]>([]);
  useEffect(() => {
    void call(client['kiosk-templates'].$get())
      .then((r) => setTemplates(r.templates))
      .catch(() => undefined);
  }, []);
  /** A template fills the settings it names (still editable); theme and elder mode come with it on the server. */
  const chooseTemplate = (id: string) => {
    const t = templates.find((x) => x.id === id);
    setForm((prev) => ({
      ...prev,
      templateId: id,
      ...(t?.settings.languages ? { languages: t.settings.languages } : {}),
      ...(t?.settings.idleTimeoutSeconds ? { idleTimeoutSeconds: String(t.settings.idleTimeoutSeconds) } : {}),
      ...(t?.settings.printer ? { printer: t.settings.printer } : {}),
    }));
  };
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [done, setDone] = useState('');
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((prev) => ({ ...prev, [key]: value }));

  const submit = async (e: Event) => {
    e.preventDefault();
    setDone('');
    try {
      const res = await call(
        client.kiosks.pair.$post({
          json: {
            ...form,
            templateId: form.templateId || undefined,
            // Left empty it is still sent (as null), so the server asks for it on its field.
            idleTimeoutSeconds: typedNumber(form.idleTimeoutSeconds) ?? NaN,
          },
        }),
      );
      setProblems([]);
      setForm(empty);
      setDone(`已配对 ${res.kiosk.id}（${res.kiosk.name}）。查询机几秒内会收到配置并自动启动。`);
      props.onPaired();
    } catch (err) {
      setProblems(
        err instanceof ApiError ? (err.body.problems ?? [{ field: '', message: err.message }]) : [{ field: '', message: '配对失败' }],
      );
    }
  };
  const text = (f: 'code' | 'id' | 'name' | 'staffPin') => (
    <TextField
      prefix="pair"
      field={f}
      label={LABELS[f]!}
      problems={problems}
      numeric={f === 'code' || f === 'staffPin'}
      password={f === 'staffPin'}
      value={form[f]}
      onInput={(v) => set(f, v)}
    />
  );
  return (
    <section aria-labelledby="pair-title">
      <h2 id="pair-title">配对新查询机</h2>
      <p class="hint">新查询机开机后（或打开 /?pair）会显示配对码。输入配对码并选好设置，查询机会自动收到配置，无需复制任何文件。</p>
      {done ? (
        <p class="notice" role="status">
          {done}
        </p>
      ) : null}
      <ErrorSummary title="无法配对" problems={problems} labels={(f) => LABELS[f] ?? f} />
      <form onSubmit={submit} noValidate>
        <div class="form-group">
          <label class="label" for="pair-templateId">
            {LABELS.templateId}
          </label>
          <p class="hint" id="pair-templateId-hint">
            {templates.find((t) => t.id === form.templateId)?.description ?? '选一个模板可一次填好语言、空闲时间、打印机等设置'}
          </p>
          <select
            class="input"
            id="pair-templateId"
            aria-describedby="pair-templateId-hint"
            value={form.templateId}
            onChange={(e) => chooseTemplate(e.currentTarget.value)}
          >
            <option value="">不用模板</option>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        {text('code')}
        {text('id')}
        {text('name')}
        <SharedSettingsFields
          prefix="pair"
          values={form}
          problems={problems}
          onChange={(field, value) => setForm((prev) => ({ ...prev, [field]: value }))}
        />
        {text('staffPin')}
        <div class="checkbox">
          <input type="checkbox" id="pair-replace" checked={form.replace} onChange={(e) => set('replace', e.currentTarget.checked)} />
          <label for="pair-replace">重新配对：用新设备接替同一编号的查询机（旧设备的令牌立即失效）</label>
        </div>
        <button class="button" type="submit">
          配对
        </button>
      </form>
    </section>
  );
}
