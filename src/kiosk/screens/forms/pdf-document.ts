/**
 * PDF forms drawn with pdf.js, loaded only when a resident opens a PDF (never on the home route).
 * The bytes come from the kiosk's media store, so this works offline; the worker is a same-origin
 * asset precached with the app.
 */
import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy, type RenderTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

export interface OpenPdf {
  pageCount: number;
  /** Draws one page (1-based) into the canvas, fitting cssWidth × zoom CSS pixels wide. */
  renderPage(page: number, canvas: HTMLCanvasElement, cssWidth: number, zoom: number): Promise<void>;
  /** One page (1-based) drawn pixelWidth pixels wide, as a PNG data URL (for printing). */
  pageImage(page: number, pixelWidth: number): Promise<string>;
  close(): Promise<void>;
}

export async function openPdf(bytes: Uint8Array): Promise<OpenPdf> {
  // pdf.js takes ownership of the buffer it is given: hand it a copy so the store's bytes stay usable.
  const task = getDocument({ data: bytes.slice(), stopAtErrors: false });
  const doc: PDFDocumentProxy = await task.promise;
  let running: RenderTask | undefined;
  return {
    pageCount: doc.numPages,
    async renderPage(pageNumber, canvas, cssWidth, zoom) {
      running?.cancel();
      const page = await doc.getPage(pageNumber);
      const unscaled = page.getViewport({ scale: 1 });
      const scale = (cssWidth * zoom) / unscaled.width;
      const pixelRatio = Math.min(window.devicePixelRatio || 1, 2);
      const viewport = page.getViewport({ scale: scale * pixelRatio });
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.style.width = `${Math.floor(viewport.width / pixelRatio)}px`;
      canvas.style.height = `${Math.floor(viewport.height / pixelRatio)}px`;
      running = page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport });
      try {
        await running.promise;
      } catch (error) {
        // A newer page or zoom cancelled this drawing: not an error anyone needs to see.
        if ((error as { name?: string }).name !== 'RenderingCancelledException') throw error;
      }
    },
    async pageImage(pageNumber, pixelWidth) {
      const page = await doc.getPage(pageNumber);
      const viewport = page.getViewport({ scale: pixelWidth / page.getViewport({ scale: 1 }).width });
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      await page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport }).promise;
      const url = canvas.toDataURL('image/png');
      canvas.width = canvas.height = 0; // let the pixels go now, not at the next collection
      return url;
    },
    close: () => task.destroy(),
  };
}
