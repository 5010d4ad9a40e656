/**
 * 繁體 mode for published content. Content is written in simplified Chinese and
 * carries lang="zh-Hans"; while this runs, every text node under such an
 * element shows the traditional form and the element says lang="zh-Hant".
 * A MutationObserver keeps it so as screens re-render, and stop() puts the
 * simplified text back.
 *
 * Why not opencc-js's own HTMLConverter: it converts once and keeps the first
 * text it saw as "original", so after Preact rewrites a node (a new screen, a
 * live edit from the feed) its restore() would bring back stale text.
 */
const CONVERTED_FROM = 'data-converted-from';

interface Shown {
  original: string;
  shown: string;
}

export function convertContentInPlace(root: HTMLElement, convert: (text: string) => string): { stop(): void } {
  const texts = new Map<Text, Shown>();
  const relabelled = new Set<HTMLElement>();

  const isContent = (node: Node): boolean => {
    const host = node.parentElement?.closest('[lang]');
    if (!host || host.closest('.ignore-opencc')) return false;
    return host.getAttribute('lang') === 'zh-Hans' || host.getAttribute(CONVERTED_FROM) === 'zh-Hans';
  };

  const convertText = (node: Text) => {
    const known = texts.get(node);
    if (known && node.data === known.shown) return; // our own write, or unchanged
    if (!isContent(node)) return;
    const original = node.data;
    const shown = convert(original);
    texts.set(node, { original, shown });
    if (shown !== original) node.data = shown;
  };

  const relabel = (el: HTMLElement) => {
    if (el.getAttribute('lang') !== 'zh-Hans') return;
    el.setAttribute(CONVERTED_FROM, 'zh-Hans');
    el.setAttribute('lang', 'zh-Hant');
    relabelled.add(el);
  };

  const convertTree = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) return convertText(node as Text);
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const el = node as HTMLElement;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) convertText(t as Text);
    // Relabel after the texts: isContent() reads the lang attributes.
    if (el.getAttribute('lang') === 'zh-Hans') relabel(el);
    el.querySelectorAll<HTMLElement>('[lang="zh-Hans"]').forEach(relabel);
  };

  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') convertText(r.target as Text);
      else if (r.type === 'childList') r.addedNodes.forEach(convertTree);
      else if (r.type === 'attributes' && (r.target as HTMLElement).getAttribute('lang') === 'zh-Hans') convertTree(r.target);
    }
    // Forget nodes that left the page, so a long day of visits does not pile them up.
    if (texts.size > 20_000) for (const node of texts.keys()) if (!node.isConnected) texts.delete(node);
  });

  convertTree(root);
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['lang'] });

  return {
    stop() {
      observer.disconnect();
      for (const [node, { original, shown }] of texts) if (node.data === shown) node.data = original;
      for (const el of relabelled) {
        if (el.getAttribute(CONVERTED_FROM) !== 'zh-Hans') continue;
        el.setAttribute('lang', 'zh-Hans');
        el.removeAttribute(CONVERTED_FROM);
      }
      texts.clear();
      relabelled.clear();
    },
  };
}
