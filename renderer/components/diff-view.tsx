/** A unified diff, each line coloured by its sign (the text says it too: `+`/`-` stay visible). */
export function DiffView({ diff, label }: { diff: string; label: string }): React.JSX.Element {
  if (!diff.trim()) return <p className="muted">Nothing would change.</p>;
  return (
    <pre className="diff-view" aria-label={label} tabIndex={0}>
      {diff.split('\n').map((line, index) => (
        <span
          key={index}
          className={
            line.startsWith('+') && !line.startsWith('+++')
              ? 'diff-add'
              : line.startsWith('-') && !line.startsWith('---')
                ? 'diff-del'
                : line.startsWith('@@')
                  ? 'diff-hunk'
                  : undefined
          }
        >
          {line}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
