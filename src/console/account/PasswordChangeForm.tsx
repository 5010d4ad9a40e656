/** Changing one's own password: the current one, the new one twice. Signs out one's other sessions. */
import { useState } from 'preact/hooks';
import { ApiError, type FieldProblem } from '../api-error';
import { call, client } from '../client';
import { ErrorSummary } from '../forms/ErrorSummary';

const LABELS: Record<string, string> = {
  currentPassword: '当前密码',
  newPassword: '新密码（至少 10 个字符，不要用常见密码或键盘顺序）',
  repeat: '再次输入新密码',
};

export function PasswordChangeForm(props: { onDone: () => void; submitLabel?: string }) {
  const [form, setForm] = useState({ currentPassword: '', newPassword: '', repeat: '' });
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (form.newPassword !== form.repeat) return setProblems([{ field: 'repeat', message: '两次输入的新密码不一致' }]);
    try {
      await call(client.account.password.$post({ json: { currentPassword: form.currentPassword, newPassword: form.newPassword } }));
      setProblems([]);
      setForm({ currentPassword: '', newPassword: '', repeat: '' });
      props.onDone();
    } catch (err) {
      setProblems(
        err instanceof ApiError ? (err.body.problems ?? [{ field: '', message: err.message }]) : [{ field: '', message: '修改失败' }],
      );
    }
  };
  return (
    <>
      <ErrorSummary title="请修改以下内容" problems={problems} labels={(f) => LABELS[f] ?? f} />
      <form onSubmit={submit} noValidate class="page--narrow">
        {(['currentPassword', 'newPassword', 'repeat'] as const).map((f) => {
          const problem = problems.find((p) => p.field === f);
          return (
            <div class={`form-group${problem ? ' form-group--error' : ''}`} key={f}>
              <label class="label" for={`f-${f}`}>
                {LABELS[f]}
              </label>
              {problem ? (
                <p class="error-message" id={`f-${f}-error`}>
                  <span class="visually-hidden">错误：</span>
                  {problem.message}
                </p>
              ) : null}
              <input
                class="input"
                id={`f-${f}`}
                type="password"
                autoComplete={f === 'currentPassword' ? 'current-password' : 'new-password'}
                value={form[f]}
                aria-describedby={problem ? `f-${f}-error` : undefined}
                onInput={(e) => {
                  const v = e.currentTarget.value;
                  setForm((prev) => ({ ...prev, [f]: v }));
                }}
              />
            </div>
          );
        })}
        <button class="button" type="submit">
          {props.submitLabel ?? '修改密码'}
        </button>
      </form>
    </>
  );
}
