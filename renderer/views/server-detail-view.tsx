/** One server: status and reason, findings, timeline, activity (issue 13 fills this in). */
export function ServerDetailView({ serverKey }: { serverKey: string }): React.JSX.Element {
  return (
    <section aria-labelledby="server-detail-heading">
      <h2 id="server-detail-heading">{decodeURIComponent(serverKey)}</h2>
    </section>
  );
}
