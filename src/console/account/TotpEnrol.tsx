/**
 * Two-factor enrolment: the server offers a secret, shown as a QR code an
 * authenticator app scans (and as text to type in by hand); the first code
 * from the app confirms it.
 */
import { useEffect, useState } from 'preact/hooks';
import { encode } from 'uqr';
import { ApiError } from '../api-error';
import { call, client } from '../client';

function qrPath(data: boolean[][]): string {
  let d = '';
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) d += `M${x} ${y}h1v1h-1z`;
    }),
  );
  return d;
}

export function QrImage(props: { text: string; label: string; size?: number }) {
  const qr = encode(props.text, { ecc: 'M', border: 2 });
  const size = props.size ?? 200;
  return (
    <svg role="img" aria-label={props.label} width={size} height={size} viewBox={`0 0 ${qr.size} ${qr.size}`} shape-rendering="crispEdges">
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={qrPath(qr.data)} fill="#000" />
    </svg>
  );
}

/** Groups of four so the secret can be read aloud and typed without losing one's place. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

export function TotpEnrol(props: { onDone: () => void }) {
  const [offer, setOffer] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    call(client.account.totp.start.$post())
      .then(setOffer)
      .catch((err: Error) => setProblem(err.message));
  }, []);
  const confirm = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await call(client.account.totp.confirm.$post({ json: { code } }));
      props.onDone();
    } catch (err) {
      setProblem(err instanceof ApiError ? (err.body.problems?.[0]?.message ?? err.message) : '无法连接服务器，请稍后重试');
      setCode('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="totp-title">
      <h2 id="totp-title">启用两步验证</h2>
      <ol class="steps">
        <li>在手机上打开验证器应用（如“腾讯身份验证器”、Microsoft Authenticator、Google Authenticator）。</li>
        <li>扫描下面的二维码；无法扫描时，手动输入密钥。</li>
        <li>输入应用中显示的 6 位验证码。</li>
      </ol>
      {offer ? (
        <div class="totp-offer">
          <QrImage text={offer.uri} label="两步验证二维码" />
          <p>
            密钥：
            <code data-testid="totp-secret" data-secret={offer.secret}>
              {grouped(offer.secret)}
            </code>
          </p>
        </div>
      ) : (
        <p role="status">正在生成密钥…</p>
      )}
      <form onSubmit={confirm} noValidate>
        <div class={`form-group${problem ? ' form-group--error' : ''}`}>
          <label class="label" for="totp-code">
            验证码（6 位数字）
          </label>
          {problem ? (
            <p class="error-message" id="totp-code-error" role="alert">
              <span class="visually-hidden">错误：</span>
              {problem}
            </p>
          ) : null}
          <input
            class="input input--short"
            id="totp-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            aria-describedby={problem ? 'totp-code-error' : undefined}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
        </div>
        <button class="button" type="submit" disabled={busy || !offer}>
          确认启用
        </button>
      </form>
    </section>
  );
}
