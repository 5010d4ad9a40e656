/**
 * Bounds on an import, checked before any parser builds a workbook in
 * memory. An XLSX is a zip: its central directory states each part's
 * inflated size, so a zip bomb is refused from the directory alone; the
 * worksheet parts are then inflated as a stream (yauzl checks every part
 * against its stated size, so a part that lies is cut off) and their rows
 * and cells counted, so a sheet of a million empty cells is refused before
 * exceljs sees it. A CSV's cells are counted by its separators.
 */
import yauzl from 'yauzl';

export interface ImportLimits {
  /** Sum of the inflated sizes of every part of an XLSX. */
  maxInflatedBytes: number;
  /** Parts in an XLSX. */
  maxEntries: number;
  /** Rows, the header included. */
  maxRows: number;
  /** Cells over all rows. */
  maxCells: number;
}

export const MAX_IMPORT_ROWS = 20_000;

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxInflatedBytes: 64 * 1024 * 1024,
  maxEntries: 1_000,
  maxRows: MAX_IMPORT_ROWS + 1,
  maxCells: (MAX_IMPORT_ROWS + 1) * 40,
};

/** An import refused for its size; the message is for staff. */
export class ImportLimitError extends Error {}

const mb = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} MB`;
const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;

function openZip(bytes: Uint8Array): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip),
    ),
  );
}

/** Counts `<row` and `<c` start tags in a streamed part, stopping as soon as a limit is passed. */
function countSheet(zip: yauzl.ZipFile, entry: yauzl.Entry, counts: { rows: number; cells: number }, limits: ImportLimits): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('unreadable part'));
      let tail = '';
      stream.on('data', (chunk: Buffer) => {
        // latin1 keeps one character per byte: the tags are ASCII, and a tag split between chunks is found in tail + chunk.
        const text = tail + chunk.toString('latin1');
        for (const match of text.matchAll(/<(row|c)[\s>/]/g)) {
          if (match.index + match[0].length <= tail.length) continue; // counted with the previous chunk
          if (match[1] === 'row') counts.rows++;
          else counts.cells++;
        }
        tail = text.slice(-5);
        if (counts.rows > limits.maxRows || counts.cells > limits.maxCells) {
          stream.destroy();
          reject(
            new ImportLimitError(
              counts.rows > limits.maxRows
                ? `表格超过 ${limits.maxRows - 1} 行数据：请拆成较小的文件分批导入`
                : `表格超过 ${limits.maxCells} 个单元格：请删除多余的列和空行后再导入`,
            ),
          );
        }
      });
      stream.on('error', (e: Error) =>
        reject(
          /too many bytes|too few bytes/i.test(e.message)
            ? new ImportLimitError('XLSX 文件内部大小与其声明不符（可能是压缩炸弹），已拒绝')
            : e,
        ),
      );
      stream.on('end', () => resolve());
    });
  });
}

/** Refuses an XLSX whose inflated size, parts, rows or cells exceed the limits; reads only the directory and the sheets. */
export async function inspectXlsx(bytes: Uint8Array, limits: ImportLimits): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(bytes);
  } catch (err) {
    throw new ImportLimitError(`不是有效的 XLSX 文件（无法读取压缩目录：${(err as Error).message}）`);
  }
  try {
    if (zip.entryCount > limits.maxEntries)
      throw new ImportLimitError(`XLSX 文件包含 ${zip.entryCount} 个部件，超过上限 ${limits.maxEntries}`);
    const entries: yauzl.Entry[] = await new Promise((resolve, reject) => {
      const all: yauzl.Entry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        all.push(entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve(all));
      zip.on('error', reject);
      zip.readEntry();
    });
    const inflated = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
    if (inflated > limits.maxInflatedBytes)
      throw new ImportLimitError(
        `XLSX 文件解压后有 ${mb(inflated)}（压缩时 ${mb(bytes.byteLength)}），超过上限 ${mb(limits.maxInflatedBytes)}：可能是压缩炸弹，或表格中有大量空白格式；请另存为只含数据的新文件`,
      );
    const counts = { rows: 0, cells: 0 };
    for (const entry of entries) if (SHEET_PART.test(entry.fileName)) await countSheet(zip, entry, counts, limits);
  } finally {
    zip.close();
  }
}

/** Refuses a CSV with more cells (separators) than the limit, before it is split into rows. */
export function inspectCsv(text: string, limits: ImportLimits): void {
  let separators = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 44 /* , */ || ch === 10 /* \n */) separators++;
  }
  if (separators > limits.maxCells) throw new ImportLimitError(`CSV 文件超过 ${limits.maxCells} 个单元格：请拆成较小的文件分批导入`);
}
