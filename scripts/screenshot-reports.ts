// `npx tsx scripts/screenshot-reports.ts`: the README's screenshot of the reports page
// (docs/reports-page.png). A temporary server with the demo data and a year of fictional
// feedback from six kiosks; needs a build (npm run build) and Chromium.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { startServer } from '../src/server/app';
import { createUser } from '../src/server/console/accounts/users';
import { openSqliteConsoleStore } from '../src/server/console/store/sqlite-console-store';
import { openSqliteFeedbackStore } from '../src/server/feedback/store/sqlite-feedback-store';
import type { IngestRow } from '../src/server/feedback/types';
import { launchChromium } from '../tests/e2e/support/browser';

const ROOT = resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'shk-reports-shot-'));
const consoleStore = openSqliteConsoleStore({ dataDir });
await createUser(
  consoleStore,
  { username: 'admin', password: 'demo password 2468', role: 'admin', displayName: '管理员', departments: null, halls: null },
  { id: null, name: 'screenshot' },
  new Date(),
);
await consoleStore.close();

const depts = ['dept-gongan', 'dept-minzheng', 'dept-renshe', 'dept-shichang', 'dept-ziran'];
const guides = ['出生登记', '身份证换领', '高龄津贴', '食品经营许可', '婚姻登记', '房屋转移登记', '社保卡补办'];
const feedback = openSqliteFeedbackStore({ dataDir });
for (let d = 0; d < 334; d++) {
  const day = new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
  const at = `${day}T03:00:00.000Z`;
  const rows: IngestRow[] = [];
  for (let k = 0; k < 6; k++) {
    const kioskId = `kiosk-${['county-1', 'county-2', 'county-3', 'dongshan-1', 'xihe-1', 'nanping-1'][k]}`;
    rows.push({
      kind: 'usage',
      id: randomUUID(),
      kioskId,
      hallId: 'hall-county',
      at,
      day,
      counts: [
        { key: { event: 'visit', target: '' }, n: 30 + ((d * 7 + k * 13) % 25) - (k > 2 ? 15 : 0) },
        ...guides.map((g, i) => ({ key: { event: 'guide', target: g }, n: 1 + ((d + i * k) % (8 - i)) })),
        ...(d % 3 === 0
          ? [{ key: { event: 'search-zero', target: ['给娃上户口', '老年卡', '开饭店要啥', '低保多少钱'][(d + k) % 4]! }, n: 1 }]
          : []),
      ],
    });
    for (let r = 0; r < 3; r++) {
      const level = ([5, 5, 4, 5, 3, 4, 5, 2, 5, 4, 5, 1] as const)[(d + k * 3 + r) % 12]!;
      const id = randomUUID();
      const departmentId = depts[(k + r) % depts.length]!;
      rows.push({
        kind: 'rating',
        rating: {
          id,
          kioskId,
          hallId: 'hall-county',
          at,
          day,
          level,
          subjectType: 'guide',
          subjectId: `guide-${r}`,
          subjectTitle: guides[(r + k) % guides.length]!,
          departmentId,
          reasons: [],
          text: '',
          phone: null,
        },
        case: null,
      });
    }
  }
  await feedback.ingest(rows, new Date().toISOString());
}
await feedback.close();

const server = await startServer({
  dataDir,
  port: 0,
  staticDir: join(ROOT, 'dist'),
  logger: pino({ level: 'warn' }),
  now: () => new Date('2026-12-01T10:00:00+08:00'),
});
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 2200 } });
  await page.goto(`${server.url}/console`);
  await page.fill('#f-username', 'admin');
  await page.fill('#f-password', 'demo password 2468');
  await page.click('button[type=submit]');
  await page.waitForSelector('nav');
  await page.goto(`${server.url}/console/feedback/reports?from=2026-01-01&to=2026-11-30`);
  await page.waitForSelector('body[data-charts-ready=true]', { timeout: 60_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(ROOT, 'docs/reports-page.png'), fullPage: false });
  console.log('wrote docs/reports-page.png');
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
