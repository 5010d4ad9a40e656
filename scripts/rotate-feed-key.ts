/**
 * `npm run feed:rotate-key -- --active-from 2027-01-15T00:00:00+08:00 [--data-dir DIR] [--allow-short-overlap]`
 * Schedules a feed key rotation (docs/feed-protocol.md section 5): writes the next key beside the
 * current one; after the server's next start every head announces it, and from --active-from on it
 * signs. The overlap must outlast the longest time a kiosk stays offline (14 days or more).
 */
import { parseArgs } from 'node:util';
import { scheduleRotation } from '../src/server/feed/signing';

const MIN_OVERLAP_DAYS = 14;

const { values } = parseArgs({
  options: {
    'active-from': { type: 'string' },
    'data-dir': { type: 'string', default: process.env.KIOSK_DATA_DIR ?? './data' },
    'allow-short-overlap': { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const text = values['active-from'];
if (!text) fail('缺少 --active-from：新密钥开始签名的时间，须带时区，例如 --active-from 2027-01-15T00:00:00+08:00');
// A time without its zone would be read in this machine's zone, which may not be the halls'.
if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text))
  fail(`--active-from ${JSON.stringify(text)} 不是带时区的时间，请写成 2027-01-15T00:00:00+08:00 这样的格式`);
const activeFrom = new Date(text);
if (Number.isNaN(activeFrom.getTime())) fail(`--active-from ${JSON.stringify(text)} 不是有效的时间`);
const overlapDays = (activeFrom.getTime() - Date.now()) / 86_400_000;
if (overlapDays <= 0) fail(`--active-from ${text} 已经过去：新密钥必须先被宣布，再开始签名`);
if (overlapDays < MIN_OVERLAP_DAYS && !values['allow-short-overlap'])
  fail(
    `--active-from 距现在只有 ${overlapDays.toFixed(1)} 天：离线超过这段时间的查询机将拒绝新密钥签名的更新，只能重新配置。` +
      `请至少留 ${MIN_OVERLAP_DAYS} 天，或确认后加 --allow-short-overlap`,
  );

try {
  const next = scheduleRotation(values['data-dir'], activeFrom);
  console.log(`已安排密钥轮换：新密钥 ${next.keyId} 自 ${next.activeFrom} 起签名。`);
  console.log(`公钥：${next.publicKey}`);
  console.log('下一步：重启服务器，此后每个 head 都会宣布新密钥；启用时刻之后 /kiosk-config 发放新公钥。');
} catch (err) {
  fail((err as Error).message);
}
