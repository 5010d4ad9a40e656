/**
 * Printing through the browser's own print, laid out for the kiosk's paper. The page size is set just
 * for this print (an @page rule added and removed), so screens never carry print rules they do not need.
 * A kiosk started with Chromium's --kiosk-printing prints to the default printer with no dialog.
 */
import type { KioskConfig } from '../../shared/kiosk-config';
import { track } from '../feedback/track';

export type Paper = Exclude<KioskConfig['printer'], 'none' | undefined>;

/** The kiosk's paper, or null where it has no printer. */
export function paperOf(config: Pick<KioskConfig, 'printer'>): Paper | null {
  return config.printer === undefined || config.printer === 'none' ? null : config.printer;
}

const PAGE_RULES: Record<Paper, string> = {
  // Receipt rolls are 80 mm wide with about 72 mm printable; the length is one long page per print.
  'receipt-80mm': '@page { size: 80mm 297mm; margin: 4mm 4mm; }',
  a4: '@page { size: A4; margin: 15mm 15mm; }',
};

/** Sets the page size for the paper in the document; returns a function that removes it again. */
export function applyPaper(paper: Paper): () => void {
  const style = document.createElement('style');
  style.dataset.printPaper = paper;
  style.textContent = PAGE_RULES[paper];
  document.head.append(style);
  return () => style.remove();
}

/**
 * Prints what the print sheet holds; resolves when the print has been handed over. `what` names the
 * printed thing for the usage figures (a guide id for its checklist, the form's path for a blank form):
 * every print is counted once, as a QR code shown is.
 */
export function printOn(paper: Paper, what: string): Promise<void> {
  track('print', { target: what });
  const remove = applyPaper(paper);
  return new Promise((resolve) => {
    const done = () => {
      window.removeEventListener('afterprint', done);
      remove();
      resolve();
    };
    window.addEventListener('afterprint', done);
    window.print();
    // Some kiosk browsers print without firing afterprint: never leave the rule behind for long.
    setTimeout(done, 60_000);
  });
}
