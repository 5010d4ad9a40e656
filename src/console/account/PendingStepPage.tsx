/**
 * What a signed-in person must do before anything else: change a password an
 * admin chose, or (admins) turn on two-factor. Nothing else answers until then.
 */
import { PasswordChangeForm } from './PasswordChangeForm';
import { TotpEnrol } from './TotpEnrol';

export type PendingStep = 'change-password' | 'enrol-totp';

export function PendingStepPage(props: { step: PendingStep; username: string; onDone: () => void; onLogout: () => void }) {
  return (
    <main class="page page--narrow" id="main">
      {props.step === 'change-password' ? (
        <>
          <h1>请设置您自己的密码</h1>
          <p>账号 {props.username} 的密码是管理员设置的。继续之前，请换成只有您知道的密码；其他设备上的登录会随之退出。</p>
          <PasswordChangeForm onDone={props.onDone} submitLabel="设置新密码并继续" />
        </>
      ) : (
        <>
          <h1>管理员账号须启用两步验证</h1>
          <p>管理员可以管理账号和终端。为防止密码泄露后被冒用，登录时除密码外还要输入手机验证器应用中的验证码。</p>
          <TotpEnrol onDone={props.onDone} />
        </>
      )}
      <p>
        <button type="button" class="button button--secondary" onClick={props.onLogout}>
          退出登录
        </button>
      </p>
    </main>
  );
}
