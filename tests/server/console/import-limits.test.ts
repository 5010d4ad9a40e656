/**
 * Imports are bounded before parsing and parsed off the event loop: a zip
 * bomb is refused from its directory (or cut off when its directory lies),
 * and the server keeps answering feed requests while a big file is read.
 */
import { once } from 'node:events';
import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { afterEach, describe, expect, it } from 'vitest';
import { headersOf, recordToRow } from '../../../src/server/console/imports/columns';
import { writeCsv } from '../../../src/server/console/imports/csv';
import type { ImportProgress } from '../../../src/server/console/imports/read-import';
import { writeXlsx } from '../../../src/server/console/imports/xlsx';
import { feeRecord } from './support/fixtures';
import { startHarness, type Agent, type Harness } from './support/harness';
import { writeZip, type ZipEntry } from './support/zip';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function upload(agent: Agent, name: string, bytes: Uint8Array | string) {
  const form = new FormData();
  form.set('file', new File([bytes as BlobPart], name));
  return agent.request('POST', '/api/console/import/fee', form);
}

/** Every part of a real XLSX, inflated. */
async function partsOf(xlsx: Uint8Array): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(xlsx), { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z!))),
  );
  const parts = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) =>
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream!.on('data', (c: Buffer) => chunks.push(c));
        stream!.on('end', () => {
          parts.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      }),
    );
    zip.on('end', resolve);
    zip.readEntry();
  });
  return parts;
}

/** A worksheet part of `megabytes` MB of rows, deflated as a stream (it never exists inflated here). */
async function bombSheet(megabytes: number): Promise<Omit<ZipEntry, 'name'>> {
  const row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>';
  const chunk = Buffer.from(row.repeat(Math.floor((1024 * 1024) / row.length)));
  const head = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  );
  const tail = Buffer.from('</sheetData></worksheet>');
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  let crc = crc32(head);
  let size = head.length;
  deflate.write(head);
  for (let i = 0; i < megabytes; i++) {
    crc = crc32(chunk, crc);
    size += chunk.length;
    if (!deflate.write(chunk)) await once(deflate, 'drain');
  }
  crc = crc32(tail, crc);
  size += tail.length;
  deflate.end(tail);
  await once(deflate, 'end');
  return { compressed: Buffer.concat(out), crc, declaredSize: size };
}

async function bombXlsx(declare: 'honest' | 'lying'): Promise<Buffer> {
  const parts = await partsOf(await writeXlsx('收费', [headersOf('fee')]));
  const sheet = await bombSheet(450);
  const entries: ZipEntry[] = [...parts].map(([name, data]) =>
    name === 'xl/worksheets/sheet1.xml'
      ? { name, ...sheet, declaredSize: declare === 'honest' ? sheet.declaredSize : 4096 }
      : { name, ...(({ compressed, crc }) => ({ compressed, crc }))(deflated(data)), declaredSize: data.length },
  );
  return writeZip(entries);
}

function deflated(data: Buffer) {
  return { compressed: deflateRawSync(data), crc: crc32(data) };
}

describe('import bounds', () => {
  it('refuses an XLSX that inflates to 450 MB from its directory, before parsing, with a clear message', { timeout: 120_000 }, async () => {
    const bomb = await bombXlsx('honest');
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    h = await startHarness();
    const editor = await h.login('editor-mz');
    const before = await h.content.position();
    const res = await upload(editor, 'bomb.xlsx', bomb);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.message).toMatch(/解压后有 4\d\d MB.*超过上限 64 MB/);
    expect(await h.content.position()).toEqual(before);
    expect(await h.console.consoleStore.listDrafts({})).toEqual([]);
  });

  it('cuts off an XLSX whose directory understates a part, without inflating it all', { timeout: 120_000 }, async () => {
    const bomb = await bombXlsx('lying');
    h = await startHarness();
    const editor = await h.login('editor-mz');
    const res = await upload(editor, 'liar.xlsx', bomb);
    expect(res.status).toBe(422);
    expect((await res.json()).message).toMatch(/压缩炸弹|超过 20000 行/);
  });

  it('refuses a CSV with more cells than the limit before splitting it', { timeout: 60_000 }, async () => {
    h = await startHarness();
    const editor = await h.login('editor-mz');
    const res = await upload(editor, 'wide.csv', `${headersOf('fee').join(',')}\n${','.repeat(900_000)}\n`);
    expect(res.status).toBe(422);
    expect((await res.json()).message).toMatch(/超过 \d+ 个单元格/);
  });
});

describe('imports off the event loop', () => {
  it('keeps answering feed requests while a 20,000-row CSV is read and checked', { timeout: 300_000 }, async () => {
    const timeline: string[] = [];
    h = await startHarness({
      feed: true,
      console: { imports: { onProgress: (p: ImportProgress) => timeline.push(`import:${p.phase}:${p.rows}`) } },
    });
    const editor = await h.login('editor-mz');
    const rows = Array.from({ length: 20_000 }, (_, i) => recordToRow('fee', feeRecord(`fee-import-${i}`, 'dept-mz', 100 + i) as never));
    const csv = writeCsv([headersOf('fee'), ...rows]);

    let done = false;
    const importing = upload(editor, 'fees.csv', csv).then(async (res) => {
      timeline.push('import:answered');
      done = true;
      return { status: res.status, body: await res.json() };
    });
    while (!done) {
      // A kept-alive socket can be reset while the server writes the batch; that poll simply does not count.
      const res = await fetch(`${h.url}/feed/v1/head`).catch(() => null);
      if (!res) continue;
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      if (!done) timeline.push('feed');
    }
    const result = await importing;
    expect(result.status, JSON.stringify(result.body).slice(0, 300)).toBe(201);
    expect(result.body.created).toBe(20_000);
    // Between the worker's progress reports the server went on answering the feed.
    const firstChecking = timeline.findIndex((e) => e.startsWith('import:checking'));
    const lastChecking = timeline.findLastIndex((e) => e.startsWith('import:checking'));
    expect(firstChecking).toBeGreaterThanOrEqual(0);
    expect(timeline.slice(firstChecking, lastChecking).filter((e) => e === 'feed').length, timeline.join(' ')).toBeGreaterThan(0);
  });
});
