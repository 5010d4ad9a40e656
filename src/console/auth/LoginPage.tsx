import { useState } from 'preact/hooks';
import { ApiError, type FieldProblem } from '../api-error';
import { call, client } from '../client';
import { ErrorSummary } from '../forms/ErrorSummary';
import type { ConsoleUser } from '../app/session';
import type { PendingStep } from '../account/PendingStepPage';

const LABELS: Record<string, string> = { username: '用户名', password: '密码', code: '验证码（6 位数字）' };

export type SignedIn = (user: ConsoleUser, csrf: string, pending: PendingStep | null) => void | Promise<void>;

/** Username and password, then (for accounts with two-factor) the code from the authenticator app. */
export function LoginPage({ expired, onSignedIn }: { expired: boolean; onSignedIn: SignedIn }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [challenge, setChallenge] = useState<string | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const missing: FieldProblem[] = [];
    if (challenge) {
      if (!/^\d{6}$/.test(code.trim())) missing.push({ field: 'code', message: '请输入验证器应用中的 6 位数字' });
    } else {
      if (!username.trim()) missing.push({ field: 'username', message: '请输入用户名' });
      if (!password) missing.push({ field: 'password', message: '请输入密码' });
    }
    setProblems(missing);
    if (missing.length) return;
    setBusy(true);
    try {
      const res = challenge
        ? await call(client.login.totp.$post({ json: { challenge, code: code.trim() } }))
        : await call(client.login.$post({ json: { username, password } }));
      if ('secondFactor' in res) {
        setChallenge(res.challenge);
        setPassword('');
        return;
      }
      await onSignedIn(res.user, res.csrfToken, res.pending ?? null);
    } catch (err) {
      const message = err instanceof ApiError ? err.message : '无法连接服务器，请稍后重试';
      if (challenge) {
        setCode('');
        // A spent or expired challenge means starting again from the password.
        if (err instanceof ApiError && err.body.error === 'challenge-expired') setChallenge(null);
        setProblems([{ field: err instanceof ApiError && err.body.error === 'challenge-expired' ? 'password' : 'code', message }]);
      } else {
        setProblems([{ field: 'password', message }]);
        setPassword('');
      }
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (f: string) => problems.find((p) => p.field === f);
  const field = (f: 'username' | 'password' | 'code') => (
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
        inputMode={f === 'code' ? 'numeric' : undefined}
        autoComplete={f === 'password' ? 'current-password' : f === 'code' ? 'one-time-code' : 'username'}
        value={f === 'password' ? password : f === 'code' ? code : username}
        aria-describedby={errorOf(f) ? `f-${f}-error` : undefined}
        onInput={(e) => (f === 'password' ? setPassword : f === 'code' ? setCode : setUsername)(e.currentTarget.value)}
      />
    </div>
  );
  return (
    <main class="page page--narrow" id="main">
      <h1>{challenge ? '两步验证' : '登录'}</h1>
      {expired && !challenge ? (
        <p class="notice" role="status">
          会话已过期或已退出，请重新登录。草稿会自动保存到服务器；过期前最后几秒的修改可能没有保存，登录后请检查。
        </p>
      ) : null}
      {challenge ? <p>请打开手机上的验证器应用，输入 {username} 当前的 6 位验证码。</p> : null}
      <ErrorSummary title="无法登录" problems={problems} labels={(f) => LABELS[f] ?? f} />
      <form onSubmit={submit} noValidate>
        {challenge ? field('code') : [field('username'), field('password')]}
        <button type="submit" class="button" disabled={busy}>
          {busy ? '正在登录…' : challenge ? '验证' : '登录'}
        </button>
        {challenge ? (
          <button
            type="button"
            class="button button--secondary"
            onClick={() => {
              setChallenge(null);
              setProblems([]);
              setCode('');
            }}
          >
            返回
          </button>
        ) : null}
      </form>
    </main>
  );
}
