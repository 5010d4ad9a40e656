/**
 * Staff-facing: the kiosk cannot start because its configuration (or its
 * storage) is missing or wrong. Says what is wrong and what to do, in plain
 * words, and tries again by itself.
 */
import { useEffect, useState } from 'preact/hooks';

export const RETRY_SECONDS = 60;

export function ConfigProblemScreen(props: { title: string; problem: string; retrySeconds?: number }) {
  const retry = props.retrySeconds ?? RETRY_SECONDS;
  const [left, setLeft] = useState(retry);
  useEffect(() => {
    const timer = setInterval(() => setLeft((n) => n - 1), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (left <= 0) location.reload();
  }, [left]);
  const kiosk = new URLSearchParams(location.search).get('kiosk');
  return (
    <main class="config-problem" data-testid="config-problem">
      <h1>{props.title}</h1>
      <p class="problem" role="alert">
        {props.problem}
      </p>
      <h2>工作人员请检查</h2>
      <ul class="bullets">
        <li>本机的查询机编号：{kiosk ?? '（未指定，默认 kiosk-county-1）'}。可在地址后加 ?kiosk=编号 指定。</li>
        <li>
          配置文件地址：{location.origin}/kiosk-config/{kiosk ?? 'kiosk-county-1'}.json
        </li>
        <li>首次启动需要连接服务器下载配置，之后离线也能使用。</li>
        <li>新查询机可以配对：打开 {location.origin}/?pair ，在控制台“终端”页面输入屏幕上的配对码。</li>
      </ul>
      <p>{left} 秒后自动重试。</p>
      <button type="button" class="button button-primary button-large" onClick={() => location.reload()}>
        立即重试
      </button>
    </main>
  );
}
