import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { ContentRecord, FeeItem, ServiceGuide } from '../../../src/shared/content';
import { buildDemoDataset } from '../../../src/server/demo';
import { buildScaledDataset } from '../../../src/server/demo/scale';
import { openSqliteStore } from '../../../src/server/store/sqlite-store';
import { problemsIn } from './references';

const NOW = new Date('2026-11-23T02:30:00Z');
const OPTIONS = { guides: 500, fees: 2000, officials: 50 };
const scaled = buildScaledDataset(OPTIONS, NOW);
const count = (records: ContentRecord[], type: ContentRecord['type']) => records.filter((r) => r.type === type).length;
const bytes = (r: unknown) => Buffer.byteLength(JSON.stringify(r));

const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

describe('buildScaledDataset', () => {
  it('has exactly the asked-for numbers of guides, fees and officials', () => {
    expect(count(scaled.records, 'guide')).toBe(500);
    expect(count(scaled.records, 'fee')).toBe(2000);
    expect(count(scaled.records, 'official')).toBe(50);
  });

  it('is valid: every record passes the schema and every reference resolves', () => {
    expect(problemsIn(scaled)).toEqual([]);
  });

  it('has a reference check that does catch dangling references and bad records', () => {
    const broken = structuredClone(scaled);
    const guide = broken.records.find((r): r is ServiceGuide => r.type === 'guide' && r.fees.kind === 'items')!;
    guide.fees = { kind: 'items', feeItemIds: ['fee-does-not-exist'] };
    const shift = broken.records.find((r) => r.type === 'dutyShift')!;
    if (shift.type === 'dutyShift') shift.windowId = 'Q99';
    (broken.records.find((r) => r.type === 'fee') as FeeItem).amount = { kind: 'fixed', fen: 1.5 };
    const problems = problemsIn(broken).join('\n');
    expect(problems).toContain(`guide/${guide.id}: fee fee-does-not-exist missing`);
    expect(problems).toContain('Q99 missing');
    expect(problems).toContain('amount');
  });

  it('stays valid when asked for fewer records than the demo has', () => {
    const small = buildScaledDataset({ guides: 20, fees: 5, officials: 10 }, NOW);
    expect(count(small.records, 'guide')).toBe(20);
    expect(count(small.records, 'fee')).toBe(5);
    expect(count(small.records, 'official')).toBe(10);
    expect(problemsIn(small)).toEqual([]);
    const none = buildScaledDataset({ guides: 3, fees: 0, officials: 0 }, NOW);
    expect(problemsIn(none)).toEqual([]);
    expect(none.records.filter((r): r is ServiceGuide => r.type === 'guide').every((g) => g.fees.kind === 'none')).toBe(true);
  });

  it('starts from the demo dataset, so demo ids keep working at scale', () => {
    const demoIds = buildDemoDataset(NOW)
      .records.filter((r) => r.type === 'guide')
      .map((r) => r.id);
    const scaledIds = new Set(scaled.records.map((r) => r.id));
    expect(demoIds.every((id) => scaledIds.has(id))).toBe(true);
    expect(scaledIds.has('hall-county')).toBe(true);
  });

  it('varies names so that search has distinct records to rank', () => {
    const guideNames = scaled.records.filter((r): r is ServiceGuide => r.type === 'guide').map((g) => g.name);
    const feeNames = scaled.records.filter((r): r is FeeItem => r.type === 'fee').map((f) => f.name);
    expect(new Set(guideNames).size).toBe(guideNames.length);
    expect(new Set(feeNames).size).toBe(feeNames.length);
    // Many guides share a service but differ by village or case: 低保 appears in several distinct names.
    expect(guideNames.filter((n) => n.startsWith('最低生活保障')).length).toBeGreaterThan(3);
  });

  it('keeps record sizes realistic: guides about 2–3 KB of JSON, fees a few hundred bytes', () => {
    const generated = scaled.records.filter((r) => r.id.includes('-s-'));
    const average = (type: ContentRecord['type']) => {
      const sizes = generated.filter((r) => r.type === type).map(bytes);
      return sizes.reduce((a, b) => a + b, 0) / sizes.length;
    };
    expect(average('guide')).toBeGreaterThan(1500);
    expect(average('guide')).toBeLessThan(3500);
    expect(average('fee')).toBeGreaterThan(250);
    expect(average('fee')).toBeLessThan(600);
  });

  it('rosters the generated officials in township halls, morning and afternoon', () => {
    const generated = new Set(scaled.records.filter((r) => r.type === 'official' && r.id.startsWith('official-s-')).map((r) => r.id));
    const shifts = scaled.records.filter((r) => r.type === 'dutyShift' && generated.has(r.officialId));
    const covered = new Set(shifts.map((s) => (s.type === 'dutyShift' ? s.officialId : '')));
    expect(covered).toEqual(generated);
    expect(shifts.every((s) => s.type === 'dutyShift' && s.hallId.startsWith('hall-town-'))).toBe(true);
  });

  it('is deterministic for the same counts and now', () => {
    const again = buildScaledDataset(OPTIONS, new Date(NOW.getTime()));
    expect(JSON.stringify(again.records)).toBe(JSON.stringify(scaled.records));
    expect(again.media.length).toBe(scaled.media.length);
  });

  it('refuses counts that are not whole numbers, naming the option', () => {
    expect(() => buildScaledDataset({ guides: 1.5, fees: 1, officials: 1 }, NOW)).toThrow(/guides/);
    expect(() => buildScaledDataset({ guides: 1, fees: -1, officials: 1 }, NOW)).toThrow(/fees/);
  });
});

describe('npm run demo:scale', () => {
  const run = promisify(execFile);
  const script = join(process.cwd(), 'scripts/demo-scale.ts');
  const node = (args: string[]) => run(process.execPath, ['--import', 'tsx', script, ...args], { cwd: process.cwd() });

  it('writes the dataset as JSON and publishes it into a store in batches', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shk-demo-scale-'));
    tempDirs.push(dir);
    const out = join(dir, 'scaled.json');
    const dataDir = join(dir, 'data');
    const { stdout } = await node([
      '--guides',
      '120',
      '--fees',
      '300',
      '--officials',
      '12',
      '--out',
      out,
      '--data-dir',
      dataDir,
      '--batch',
      '100',
      '--now',
      '2026-11-23T10:30:00+08:00',
    ]);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.step)).toEqual(['build', 'write', 'publish media', 'publish records']);

    const file = JSON.parse(readFileSync(out, 'utf8')) as {
      records: ContentRecord[];
      media: { sha256: string; base64: string; size: number }[];
    };
    expect(count(file.records, 'guide')).toBe(120);
    expect(lines[1]!.bytes).toBe(readFileSync(out).byteLength);
    expect(file.media.every((m) => Buffer.from(m.base64, 'base64').byteLength === m.size)).toBe(true);

    const publish = lines[3]!;
    expect(publish.publishes).toBe(Math.ceil(file.records.length / 100));
    const store = openSqliteStore({ dataDir });
    try {
      expect((await store.position()).seq).toBe(file.records.length);
      expect(await store.listRecords('guide')).toHaveLength(120);
      const media = await store.getMedia(file.media[0]!.sha256);
      expect(media?.bytes.byteLength).toBe(file.media[0]!.size);
    } finally {
      await store.close();
    }
  });

  it('refuses a malformed count with a message naming the option, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shk-demo-scale-'));
    tempDirs.push(dir);
    const out = join(dir, 'never.json');
    const failure = await node(['--guides', '5e3', '--out', out]).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain('--guides must be a whole number (got "5e3")');
    expect(() => readFileSync(out)).toThrow();
  });
});
