/** The support log viewer over every client's MCP logs (issue 14 fills this in). */
export function LogsView(): React.JSX.Element {
  return (
    <section aria-labelledby="logs-heading">
      <h2 id="logs-heading">Logs</h2>
    </section>
  );
}
