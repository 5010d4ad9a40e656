import { useState } from 'preact/hooks';
import { api, ApiError, type FieldProblem } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import type { ConsoleUser } from '../app/session';

const LABELS: Record<string, string> = { username: '用户名', password: '密码' };

export function LoginPage({ expired, onSignedIn }: { expired: boolean; onSignedIn: (user: ConsoleUser, csrf: string) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const missing: FieldProblem[] = [];
    if (!username.trim()) missing.push({ field: 'username', message: '请输入用户名' });
    if (!password) missing.push({ field: 'password', message: '请输入密码' });
    setProblems(missing);
    if (missing.length) return;
    setBusy(true);
    try {
      const res = await api('POST', '/login', { username, password });
      onSignedIn(res.user, res.csrfToken);
    } catch (err) {
      setProblems([{ field: 'password', message: err instanceof ApiError ? err.message : '无法连接服务器，请稍后重试' }]);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (f: string) => problems.find((p) => p.field === f);
  return (
    <main class="page page--narrow" id="main">
      <h1>登录</h1>
      {expired ? (
        <p class="notice" role="status">
          会话已过期或已退出，请重新登录。草稿会自动保存到服务器；过期前最后几秒的修改可能没有保存，登录后请检查。
        </p>
      ) : null}
      <ErrorSummary title="无法登录" problems={problems} labels={(f) => LABELS[f] ?? f} />
      <form onSubmit={submit} noValidate>
        {(['username', 'password'] as const).map((f) => (
          <div class={`form-group${errorOf(f) ? ' form-group--error' : ''}`} key={f}>
            <label class="label" for={`f-${f}`}>
              {LABELS[f]}
            </label>
            {errorOf(f) ? (
              <p class="error-message" id={`f-${f}-error`}>
                <span class="visually-hidden">错误：</span>
                {errorOf(f)!.message}
              </p>
            ) : null}
            <input
              class="input"
              id={`f-${f}`}
              name={f}
              type={(f === 'password' ? 'password' : 'text') as 'text'}
              autoComplete={f === 'password' ? 'current-password' : 'username'}
              value={f === 'password' ? password : username}
              aria-describedby={errorOf(f) ? `f-${f}-error` : undefined}
              onInput={(e) => (f === 'password' ? setPassword : setUsername)(e.currentTarget.value)}
            />
          </div>
        ))}
        <button type="submit" class="button" disabled={busy}>
          {busy ? '正在登录…' : '登录'}
        </button>
      </form>
    </main>
  );
}
