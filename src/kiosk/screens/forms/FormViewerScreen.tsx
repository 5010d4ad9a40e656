/**
 * A blank form or a filled sample of one material, on screen: page by page, zoom with large buttons,
 * back to the guide. Images show as they are; PDFs are drawn by pdf.js (loaded lazily). Everything
 * comes from the kiosk's media store, so it works offline; a file not stored yet says so plainly.
 */
import { Link, useParams, useSearch } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { MediaRef } from '../../../shared/content';
import { useContent } from '../../app/hooks';
import { useServices } from '../../app/services';
import { useKioskUi } from '../../app/ui-state';
import { PrintSheet } from '../../print/PrintSheet';
import { paperOf, printOn, type Paper } from '../../print/print-paper';
import type { OpenPdf } from './pdf-document';

type FormKind = 'blank' | 'sample';
const ZOOMS = [1, 1.5, 2, 3] as const;

export default function FormViewerScreen() {
  const { t } = useKioskUi();
  const { guideId, material } = useParams({ strict: false }) as { guideId: string; material: string };
  const { kind } = useSearch({ strict: false }) as { kind: FormKind };
  const index = Number(material);
  const content = useContent((r) => r.getGuide(guideId), [guideId]);
  const [zoomStep, setZoomStep] = useState(0);

  if (content.loading && !content.data) return <p role="status">{t('loading')}</p>;
  const guide = content.data;
  const item = guide && Number.isInteger(index) ? guide.materials[index] : undefined;
  const media = item ? (kind === 'sample' ? item.sample : item.blankForm) : undefined;
  const title = item ? `${item.name} · ${kind === 'sample' ? t('formSample') : t('formBlank')}` : t('formBlank');
  const zoom = ZOOMS[zoomStep]!;

  return (
    <div class="screen form-viewer" data-testid="form-viewer">
      <div class="form-viewer-head">
        <h1 lang="zh-Hans">{title}</h1>
        <Link to="/guides/$guideId" params={{ guideId }} className="button button-secondary">
          {t('formBackToGuide')}
        </Link>
      </div>
      {!media ? (
        <p class="lead" role="alert">
          {t('formNotAvailable')}
        </p>
      ) : (
        <>
          <div class="button-row form-zoom" role="group" aria-label={t('formZoom')}>
            <button type="button" class="button" disabled={zoomStep === 0} onClick={() => setZoomStep((z) => Math.max(0, z - 1))}>
              {t('formZoomOut')}
            </button>
            <span class="form-zoom-level" aria-live="polite">
              {Math.round(zoom * 100)}%
            </span>
            <button
              type="button"
              class="button"
              disabled={zoomStep === ZOOMS.length - 1}
              onClick={() => setZoomStep((z) => Math.min(ZOOMS.length - 1, z + 1))}
            >
              {t('formZoomIn')}
            </button>
          </div>
          <MediaView media={media} zoom={zoom} label={title} printed={`${guideId}/forms/${material}?kind=${kind}`} />
        </>
      )}
    </div>
  );
}

type Loaded =
  { state: 'loading' } | { state: 'missing' } | { state: 'failed' } | { state: 'image'; url: string } | { state: 'pdf'; pdf: OpenPdf };

/** `printed` names the form in the usage figures when it is printed. */
function MediaView(props: { media: MediaRef; zoom: number; label: string; printed: string }) {
  const { t } = useKioskUi();
  const { reader, engine } = useServices();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const { sha256, type } = props.media;

  useEffect(() => {
    let alive = true;
    let opened: OpenPdf | undefined;
    let found = false;
    const load = async () => {
      if (type !== 'application/pdf') {
        const url = await reader.mediaUrl(sha256);
        found = !!url;
        if (alive) setLoaded(url ? { state: 'image', url } : { state: 'missing' });
        return;
      }
      const file = await reader.mediaFile(sha256);
      if (!file) return alive && setLoaded({ state: 'missing' });
      const { openPdf } = await import('./pdf-document');
      found = true;
      opened = await openPdf(file.bytes);
      if (alive) setLoaded({ state: 'pdf', pdf: opened });
      else void opened.close();
    };
    const attempt = () =>
      load().catch(() => {
        if (alive) setLoaded({ state: 'failed' });
      });
    void attempt();
    // The file may still be downloading (media follow the records): look again when something is
    // applied, and every few seconds while the resident waits on this screen.
    const retry = () => {
      if (!found) void attempt();
    };
    const off = engine.onApplied(retry);
    const timer = setInterval(retry, 3000);
    return () => {
      alive = false;
      off();
      clearInterval(timer);
      void opened?.close();
    };
  }, [reader, engine, sha256, type]);

  if (loaded.state === 'loading') return <p role="status">{t('loading')}</p>;
  if (loaded.state === 'missing')
    return (
      <p class="lead" role="alert">
        {t('formNotStored')}
      </p>
    );
  if (loaded.state === 'failed')
    return (
      <p class="lead" role="alert">
        {t('formUnreadable')}
      </p>
    );
  if (loaded.state === 'image')
    return (
      <>
        <PrintFormButton loaded={loaded} printed={props.printed} />
        <div class="form-page-frame" tabIndex={0} role="region" aria-label={props.label}>
          <img class="form-page" src={loaded.url} alt={props.label} style={{ width: `${props.zoom * 100}%` }} />
        </div>
      </>
    );
  return (
    <>
      <PrintFormButton loaded={loaded} printed={props.printed} />
      <PdfPages pdf={loaded.pdf} zoom={props.zoom} label={props.label} />
    </>
  );
}

/** Pixels across the paper's printable width at about 150 dpi: sharp enough for a form, light on memory. */
const PRINT_PIXELS: Record<Paper, number> = { a4: 1100, 'receipt-80mm': 430 };

function PrintFormButton(props: { loaded: { state: 'image'; url: string } | { state: 'pdf'; pdf: OpenPdf }; printed: string }) {
  const { t } = useKioskUi();
  const { config } = useServices();
  const paper = paperOf(config);
  const [pages, setPages] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // Print once the sheet with every page is in the document.
    if (!busy || !pages || !paper) return;
    void printOn(paper, props.printed).finally(() => setBusy(false));
  }, [busy, pages, paper, props.printed]);
  if (!paper) return null;
  const prepare = async () => {
    setBusy(true);
    const { loaded } = props;
    if (loaded.state === 'image') return setPages([loaded.url]);
    const images: string[] = [];
    // One page at a time: a long form drawn all at once could exhaust an old kiosk's memory.
    for (let page = 1; page <= loaded.pdf.pageCount; page++) images.push(await loaded.pdf.pageImage(page, PRINT_PIXELS[paper]));
    setPages(images);
  };
  return (
    <>
      <div class="button-row">
        <button type="button" class="button button-secondary" data-testid="print-form" disabled={busy} onClick={() => void prepare()}>
          {busy ? t('printPreparing') : t('printForm')}
        </button>
      </div>
      {pages && (
        <PrintSheet paper={paper} testId="form-print">
          {pages.map((src, i) => (
            <img key={i} class="print-form-page" src={src} alt="" />
          ))}
        </PrintSheet>
      )}
    </>
  );
}

function PdfPages(props: { pdf: OpenPdf; zoom: number; label: string }) {
  const { t } = useKioskUi();
  const [page, setPage] = useState(1);
  const [drawn, setDrawn] = useState<string>('');
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const { pdf, zoom } = props;

  useEffect(() => {
    const width = frame.current?.clientWidth ?? 800;
    let alive = true;
    void pdf.renderPage(page, canvas.current!, width - 8, zoom).then(
      () => alive && setDrawn(`${page}@${zoom}`),
      () => alive && setDrawn('failed'),
    );
    return () => {
      alive = false;
    };
  }, [pdf, page, zoom]);

  return (
    <>
      <div class="form-page-frame" ref={frame} tabIndex={0} role="region" aria-label={props.label}>
        <canvas
          ref={canvas}
          class="form-page"
          role="img"
          aria-label={`${props.label} ${t('formPageOf', { page, pages: pdf.pageCount })}`}
          data-drawn={drawn}
        />
      </div>
      {drawn === 'failed' && (
        <p class="lead" role="alert">
          {t('formUnreadable')}
        </p>
      )}
      <div class="button-row form-pages">
        <button type="button" class="button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
          {t('formPrevPage')}
        </button>
        <span class="form-page-number" aria-live="polite">
          {t('formPageOf', { page, pages: pdf.pageCount })}
        </span>
        <button type="button" class="button" disabled={page >= pdf.pageCount} onClick={() => setPage((p) => p + 1)}>
          {t('formNextPage')}
        </button>
      </div>
    </>
  );
}
