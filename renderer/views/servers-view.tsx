/** Home: every server of every client with its live status (issue 13 fills this in). */
export function ServersView(): React.JSX.Element {
  return (
    <section aria-labelledby="servers-heading">
      <h2 id="servers-heading">Servers</h2>
    </section>
  );
}
