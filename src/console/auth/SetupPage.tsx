/** The one-time link printed on first start: creates the first administrator. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type FieldProblem } from '../api-error';
import { call, client } from '../client';
import { ErrorSummary } from '../forms/ErrorSummary';
import { navigate } from '../router';
import type { SignedIn } from './LoginPage';

const LABELS: Record<string, string> = { username: '用户名', displayName: '姓名', password: '密码（至少 10 个字符）' };

export function SetupPage({ token, onDone }: { token: string; onDone: SignedIn }) {
  const [valid, setValid] = useState<boolean | null>(null);
  const [form, setForm] = useState({ username: '', displayName: '', password: '' });
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  useEffect(() => {
    call(client.setup.$get({ query: { token } }))
      .then((r) => setValid(r.valid))
      .catch(() => setValid(false));
  }, [token]);

  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const res = await call(client.setup.$post({ json: { token, ...form } }));
      await onDone(res.user, res.csrfToken, res.pending ?? null);
      navigate('/users', true);
    } catch (err) {
      setProblems(
        err instanceof ApiError ? (err.body.problems ?? [{ field: '', message: err.message }]) : [{ field: '', message: '无法连接服务器' }],
      );
    }
  };
  if (valid === null)
    return (
      <main class="page">
        <p role="status">正在检查链接…</p>
      </main>
    );
  if (!valid)
    return (
      <main class="page page--narrow">
        <h1>链接无效</h1>
        <p>
          此设置链接无效或已经使用过。请向管理员索取账号，或在服务器上运行 <code>npm run admin:create</code>。
        </p>
      </main>
    );
  return (
    <main class="page page--narrow" id="main">
      <h1>创建第一个管理员账号</h1>
      <ErrorSummary title="请修改以下内容" problems={problems} labels={(f) => LABELS[f] ?? f} />
      <form onSubmit={submit} noValidate>
        {(['username', 'displayName', 'password'] as const).map((f) => (
          <div class="form-group" key={f}>
            <label class="label" for={`f-${f}`}>
              {LABELS[f]}
            </label>
            <input
              class="input"
              id={`f-${f}`}
              type={(f === 'password' ? 'password' : 'text') as 'text'}
              autoComplete={f === 'password' ? 'new-password' : 'off'}
              value={form[f]}
              onInput={(e) => {
                const v = e.currentTarget.value;
                setForm((prev) => ({ ...prev, [f]: v }));
              }}
            />
          </div>
        ))}
        <button class="button" type="submit">
          创建管理员
        </button>
      </form>
    </main>
  );
}
