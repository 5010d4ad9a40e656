/** One's own account: the password and two-factor sign-in. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api-error';
import { call, client, type Answer } from '../client';
import { PasswordChangeForm } from '../account/PasswordChangeForm';
import { TotpEnrol } from '../account/TotpEnrol';

type Security = Answer<typeof client.account.security.$get>;

export function AccountPage() {
  const [done, setDone] = useState('');
  const [security, setSecurity] = useState<Security | null>(null);
  const [enrolling, setEnrolling] = useState(false);
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState('');
  const load = () => call(client.account.security.$get()).then(setSecurity);
  useEffect(() => {
    void load();
  }, []);
  const disable = async (e: Event) => {
    e.preventDefault();
    try {
      await call(client.account.totp.disable.$post({ json: { password } }));
      setPassword('');
      setProblem('');
      setDone('两步验证已关闭。');
      await load();
    } catch (err) {
      setProblem(err instanceof ApiError ? (err.body.problems?.[0]?.message ?? err.message) : '关闭失败');
    }
  };
  return (
    <>
      <h1>修改密码</h1>
      {done ? (
        <p class="notice" role="status">
          {done}
        </p>
      ) : null}
      <PasswordChangeForm onDone={() => setDone('密码已修改，其他设备上的登录已退出。')} />
      <h2>两步验证</h2>
      {!security ? null : security.totpEnabled ? (
        <>
          <p>已启用：登录时除密码外还要输入验证器应用中的验证码。</p>
          {security.totpRequired ? (
            <p class="hint">管理员账号必须使用两步验证。换手机时请另一位管理员重置您的两步验证。</p>
          ) : (
            <form onSubmit={disable} noValidate class="page--narrow">
              <div class={`form-group${problem ? ' form-group--error' : ''}`}>
                <label class="label" for="totp-off-password">
                  输入密码以关闭两步验证
                </label>
                {problem ? (
                  <p class="error-message" role="alert">
                    {problem}
                  </p>
                ) : null}
                <input
                  class="input"
                  id="totp-off-password"
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onInput={(e) => setPassword(e.currentTarget.value)}
                />
              </div>
              <button class="button button--secondary" type="submit">
                关闭两步验证
              </button>
            </form>
          )}
        </>
      ) : enrolling ? (
        <TotpEnrol
          onDone={() => {
            setEnrolling(false);
            setDone('两步验证已启用。');
            void load();
          }}
        />
      ) : (
        <>
          <p>未启用。启用后，即使密码泄露，没有您的手机也无法登录。</p>
          <button class="button" type="button" onClick={() => setEnrolling(true)}>
            启用两步验证
          </button>
        </>
      )}
    </>
  );
}
