/**
 * RFC 4180 CSV, UTF-8 with a BOM so Excel opens Chinese text correctly.
 * Cells that a spreadsheet would run as a formula (= + - @) are written with
 * a leading apostrophe, which the parser removes again: exports stay safe to
 * open and still import back unchanged.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function escapeCell(cell: string): string {
  const safe = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function writeCsv(rows: string[][]): string {
  return `\uFEFF${rows.map((r) => r.map(escapeCell).join(',')).join('\r\n')}\r\n`;
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseCsv(input: string): string[][] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let i = 0;
  const endCell = () => {
    row.push(cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell);
    cell = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n') line++;
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (cell !== '') throw new CsvSyntaxError(line, `第 ${line} 行：引号只能出现在单元格开头`);
      quoted = true;
    } else if (ch === ',') {
      endCell();
    } else if (ch === '\r' || ch === '\n') {
      endCell();
      rows.push(row);
      row = [];
      if (ch === '\r' && text[i + 1] === '\n') i++;
      line++;
    } else {
      cell += ch;
    }
    i++;
  }
  if (quoted) throw new CsvSyntaxError(line, `第 ${line} 行：引号没有闭合`);
  if (cell !== '' || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}
