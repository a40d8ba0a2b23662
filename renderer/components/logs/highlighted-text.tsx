import type { LogSearch } from '../../../shared/log-search.js';

/** `text` with the search's matches in `<mark>`: what made the row match, visible. */
export function HighlightedText({ text, search }: { text: string; search: LogSearch }): React.JSX.Element {
  if (!search.ok || search.empty) return <>{text}</>;
  const ranges = search.ranges(text, 50);
  if (ranges.length === 0) return <>{text}</>;
  const parts: React.ReactNode[] = [];
  let at = 0;
  ranges.forEach(([start, end], index) => {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={index}>{text.slice(start, end)}</mark>);
    at = end;
  });
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
