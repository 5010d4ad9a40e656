/**
 * A deliberately tiny Markdown subset for notices: paragraphs, bulleted and
 * numbered lists, and **bold**. Output is built as VNodes from text, so
 * anything else (HTML, links, images) shows up as the literal characters the
 * author typed and can never become markup.
 */
import type { ComponentChildren, JSX } from 'preact';
import type { Notice } from '../../../shared/content';

type Block = { kind: 'p'; lines: string[] } | { kind: 'ul' | 'ol'; items: string[] };

const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,3}[.)、]\s*(.*)$/;

export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let current = null as Block | null;
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (!line.trim()) {
      current = null;
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const kind = bullet ? 'ul' : numbered ? 'ol' : 'p';
    const text = (bullet?.[1] ?? numbered?.[1] ?? line.trim()).trim();
    if (kind === 'p') {
      if (current?.kind === 'p') current.lines.push(text);
      else blocks.push((current = { kind: 'p', lines: [text] }));
    } else if (current?.kind === kind) current.items.push(text);
    else blocks.push((current = { kind, items: [text] }));
  }
  return blocks;
}

/** **bold** spans; an unmatched ** stays as typed. */
export function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  const re = /\*\*(.+?)\*\*/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(<strong key={m.index}>{m[1]}</strong>);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function SafeMarkdown(props: { source: string }): JSX.Element {
  return (
    <div class="prose">
      {parseBlocks(props.source).map((block, i) => {
        if (block.kind === 'p') {
          return <p key={i}>{block.lines.flatMap((line, j) => (j === 0 ? inline(line) : [<br key={`br${j}`} />, ...inline(line)]))}</p>;
        }
        const items = block.items.map((item, j) => <li key={j}>{inline(item)}</li>);
        return block.kind === 'ul' ? <ul key={i}>{items}</ul> : <ol key={i}>{items}</ol>;
      })}
    </div>
  );
}

/** A notice's body as it should read aloud or in a teaser: no Markdown markers. */
export function noticePlainText(notice: Pick<Notice, 'body' | 'format'>): string {
  if (notice.format === 'plain') return notice.body;
  return parseBlocks(notice.body)
    .map((b) => (b.kind === 'p' ? b.lines.join(' ') : b.items.join('；')))
    .join(' ')
    .replace(/\*\*(.+?)\*\*/g, '$1');
}

export function NoticeBody(props: { notice: Pick<Notice, 'body' | 'format'> }) {
  if (props.notice.format === 'markdown') return <SafeMarkdown source={props.notice.body} />;
  return (
    <div class="prose">
      {props.notice.body.split(/\n{2,}/).map((para, i) => (
        <p key={i} style={{ whiteSpace: 'pre-line' }}>
          {para}
        </p>
      ))}
    </div>
  );
}
