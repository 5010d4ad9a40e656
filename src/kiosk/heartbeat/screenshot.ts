/**
 * The "screenshot" remote action: the kiosk draws its own page into an image
 * (modern-screenshot renders the DOM through an SVG foreignObject onto a
 * canvas; nothing connects into the kiosk) and uploads it with its token.
 *
 * Privacy: the picture must never carry what a resident typed or a phone
 * number. While the rating/message dialog is open the kiosk refuses (the
 * console shows why); otherwise every text field is blanked in the copy that
 * is drawn, and so is any text on screen that repeats what is typed in one
 * (a search status quoting the query), so a search query, a phone number or a
 * PIN being typed is not in the picture.
 */
import { domToBlob } from 'modern-screenshot';

/** The rating and message dialog: it holds a resident's words and maybe a phone number. */
const PRIVATE_DIALOGS = '.feedback-dialog';
const MASK = '（已隐藏）';
/** JPEG keeps a full-HD screen well under the server's limit (about 100–300 KB). */
const QUALITY = 0.7;

class ScreenshotRefused extends Error {}

/** Inputs that hold no typed text. */
const NOT_TYPED = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'hidden', 'file', 'image']);
const isTyped = (el: Element): el is HTMLInputElement | HTMLTextAreaElement =>
  el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && !NOT_TYPED.has(el.type));

/** What is typed in the page's text fields now (two characters or more, so single letters do not blank the screen). */
export function typedValues(root: ParentNode = document): string[] {
  const fields = [...root.querySelectorAll('input, textarea')].filter(isTyped);
  return [...new Set(fields.map((f) => f.value.trim()).filter((v) => v.length >= 2))].sort((a, b) => b.length - a.length);
}

/**
 * Blanks what a resident may have typed, in the copy being drawn (never in the live page). Called for
 * each copied element once its children are copied (the renderer does not call it for text nodes), so
 * the element's own text children are checked here.
 */
export function maskTypedText(cloned: Node, typed: readonly string[] = []): void {
  if (!(cloned instanceof Element)) return;
  if (isTyped(cloned)) {
    cloned.setAttribute('value', '');
    cloned.value = '';
    cloned.textContent = '';
    cloned.setAttribute('placeholder', MASK);
    return;
  }
  if (cloned.getAttribute('contenteditable') === 'true') {
    cloned.textContent = MASK;
    return;
  }
  if (!typed.length) return;
  for (const child of cloned.childNodes) {
    if (child.nodeType !== Node.TEXT_NODE) continue;
    let text = child.nodeValue ?? '';
    for (const value of typed) text = text.split(value).join(MASK);
    if (text !== child.nodeValue) child.nodeValue = text;
  }
}

export interface Captured {
  blob: Blob;
  width: number;
  height: number;
}

export async function captureScreen(root: HTMLElement = document.body): Promise<Captured> {
  if (document.querySelector(PRIVATE_DIALOGS)) throw new ScreenshotRefused('评价/留言对话框正开着，为保护居民隐私未截图；请稍后再试');
  const typed = typedValues();
  const width = Math.round(root.scrollWidth || innerWidth);
  const height = Math.round(Math.min(root.scrollHeight || innerHeight, innerHeight));
  const blob = await domToBlob(root, {
    type: 'image/jpeg',
    quality: QUALITY,
    width,
    height,
    backgroundColor: getComputedStyle(document.body).backgroundColor || '#ffffff',
    onCloneEachNode: (node) => maskTypedText(node, typed),
  });
  // The dialog may have opened while the page was being drawn: then nothing is sent.
  if (document.querySelector(PRIVATE_DIALOGS)) throw new ScreenshotRefused('截图时居民打开了评价/留言对话框，为保护隐私未上传；请稍后再试');
  return { blob, width, height };
}

export function screenshotUrl(feedUrl: string, actionId: number, size: { width: number; height: number }, baseUrl: string): string {
  const url = new URL(`/api/kiosk/screenshot/${actionId}`, new URL(feedUrl, baseUrl));
  url.searchParams.set('width', String(size.width));
  url.searchParams.set('height', String(size.height));
  return url.toString();
}

/** Draws the screen and uploads it for action `actionId`; the answer's message when refused. */
export async function takeAndUploadScreenshot(options: {
  actionId: number;
  feedUrl: string;
  token: string;
  fetch?: typeof fetch;
  capture?: () => Promise<Captured>;
}): Promise<string> {
  const shot = await (options.capture ?? captureScreen)();
  const res = await (options.fetch ?? fetch)(screenshotUrl(options.feedUrl, options.actionId, shot, location.href), {
    method: 'POST',
    headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': shot.blob.type || 'image/jpeg' },
    body: shot.blob,
  });
  if (res.status !== 201) {
    const body = (await res.json().catch(() => null)) as { message?: string } | null;
    throw new Error(`截图上传失败（HTTP ${res.status}${body?.message ? `：${body.message}` : ''}）`);
  }
  return `截图已上传（${shot.width}×${shot.height}，${Math.max(1, Math.round(shot.blob.size / 1024))} KB）`;
}
