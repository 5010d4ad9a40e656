/**
 * A kiosk with no configuration pairs itself: it asks the server (its own
 * origin, the feed origin) for a code, shows it large with a QR code of it,
 * and polls with a secret only it holds until staff have entered the code in
 * the console. The configuration and token it receives are validated, kept in
 * its own storage, and the kiosk starts. An expired code is replaced by itself.
 */
import { useEffect, useState } from 'preact/hooks';
import { saveKioskConfig, validateKioskConfig } from '../config';
import { QrCode } from '../screens/guides/QrCode';

const POLL_MS = 3000;

type State =
  { kind: 'asking' } | { kind: 'showing'; code: string; expiresAt: string } | { kind: 'paired' } | { kind: 'problem'; message: string };

const spaced = (code: string) => `${code.slice(0, 4)} ${code.slice(4)}`;

export function PairingScreen(props: { onPaired?: () => void }) {
  const [state, setState] = useState<State>({ kind: 'asking' });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let secret = '';
    const later = (fn: () => void, ms = POLL_MS) => {
      if (!stopped) timer = setTimeout(fn, ms);
    };
    const ask = async () => {
      try {
        const res = await fetch('/api/kiosk/pairing', { method: 'POST', cache: 'no-store' });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const body = (await res.json()) as { code: string; secret: string; expiresAt: string };
        secret = body.secret;
        setState({ kind: 'showing', code: body.code, expiresAt: body.expiresAt });
        later(check);
      } catch (err) {
        setState({ kind: 'problem', message: `无法从服务器获取配对码（${(err as Error).message}），正在重试…` });
        later(ask, 10_000);
      }
    };
    const check = async () => {
      try {
        const res = await fetch('/api/kiosk/pairing/status', {
          method: 'POST',
          cache: 'no-store',
          headers: { Authorization: `Bearer ${secret}` },
        });
        if (res.status === 410) return void ask(); // expired: a new code, shown at once
        if (res.status === 202) return later(check);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const { config } = (await res.json()) as { config: unknown };
        const checked = validateKioskConfig(config, '（配对收到的配置）');
        if (!checked.ok) {
          setState({ kind: 'problem', message: checked.problem });
          return later(ask, 10_000);
        }
        await saveKioskConfig(checked.config);
        setState({ kind: 'paired' });
        if (props.onPaired) props.onPaired();
        else location.replace('/');
      } catch {
        later(check); // the network came and went: keep the same code while it is valid
      }
    };
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  return (
    <main class="pairing" data-testid="pairing">
      <h1>这台查询机还没有配置</h1>
      {state.kind === 'showing' ? (
        <>
          <p class="pairing-lead">请工作人员在内容管理控制台的“终端”页面选择“配对新查询机”，输入下面的配对码：</p>
          <p class="pairing-code" data-testid="pairing-code" data-code={state.code} aria-label={`配对码 ${state.code.split('').join(' ')}`}>
            {spaced(state.code)}
          </p>
          <QrCode text={state.code} label="配对码二维码" size={240} />
          <p>配对码 10 分钟内有效，过期后会自动换新码。</p>
        </>
      ) : state.kind === 'paired' ? (
        <p role="status">配对成功，正在启动…</p>
      ) : state.kind === 'problem' ? (
        <p role="alert">{state.message}</p>
      ) : (
        <p role="status">正在获取配对码…</p>
      )}
    </main>
  );
}
