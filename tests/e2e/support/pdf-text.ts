/**
 * Reads a PDF that Chromium printed: page sizes and text, with pdf.js's legacy build in Node.
 * Chromium's CJK font maps some characters to radical code points (⺠ for 民, ⾝ for 身); the text is
 * normalised back so tests can look for the words a person sees on paper.
 */
const RADICALS: Record<string, string> = {
  '⺠': '民',
  '⻓': '长',
  '⻔': '门',
  '⻅': '见',
  '⻋': '车',
  '⻩': '黄',
  '⻜': '飞',
  '⻢': '马',
  '⻚': '页',
  '⻛': '风',
  '⻝': '食',
  '⻆': '角',
  '⻥': '鱼',
};

export interface PdfPageText {
  widthPt: number;
  heightPt: number;
  text: string;
}

export async function readPdf(bytes: Uint8Array): Promise<PdfPageText[]> {
  // pdf.js 6 expects Promise.withResolvers (Node 22); this project runs on Node 20.
  const P = Promise as unknown as { withResolvers?: unknown };
  P.withResolvers ??= () => {
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise, resolve, reject };
  };
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({ data: bytes.slice(), verbosity: 0 });
  const doc = await task.promise;
  const pages: PdfPageText[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const { width, height } = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const raw = content.items.map((item) => ('str' in item ? item.str : '')).join('');
    const text = raw.normalize('NFKC').replace(/[\u2e80-\u2eff]/g, (c) => RADICALS[c] ?? c);
    pages.push({ widthPt: width, heightPt: height, text });
  }
  await task.destroy();
  return pages;
}
