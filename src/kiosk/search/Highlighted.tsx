/** Text with its matched ranges marked (<mark>), the rest as plain text. */
import type { Range } from './search-index';

export function Highlighted(props: { text: string; ranges: Range[] }) {
  const { text, ranges } = props;
  if (ranges.length === 0) return <>{text}</>;
  const parts = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
