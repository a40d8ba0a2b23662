import type { ConfigProblem } from '../../../shared/server-model.js';

/** Config files Tether cannot read, with file:line, shown above a list that still has every other server. */
export function ConfigProblems({
  problems,
}: {
  problems: readonly ConfigProblem[];
}): React.JSX.Element | null {
  if (problems.length === 0) return null;
  return (
    <section className="config-problems" aria-label="Unreadable config files">
      {problems.map((problem) => (
        <p key={`${problem.configPath}:${problem.line}`} role="alert" className="config-problem">
          <strong>{problem.client}</strong>: cannot read{' '}
          <span className="mono">
            {problem.configPath}
            {problem.line !== null ? `:${problem.line}` : ''}
            {problem.column !== null && problem.line !== null ? `:${problem.column}` : ''}
          </span>{' '}
          — {problem.message}. Its servers are missing below until the file parses again; nothing was changed.
        </p>
      ))}
    </section>
  );
}
