/**
 * First run: no client config names an MCP server. Says where Tether looked and what to do, so an
 * empty page is never a mystery.
 */
export function NoClients(): React.JSX.Element {
  return (
    <section className="card empty-state" aria-labelledby="no-clients-heading">
      <h3 id="no-clients-heading">No MCP servers found yet</h3>
      <p>Tether looked in the config files of every client it knows, under your home folder:</p>
      <ul className="mono small">
        <li>Claude Code: ~/.claude.json and .mcp.json in your projects</li>
        <li>Claude Desktop: claude_desktop_config.json in its app-data folder</li>
        <li>
          Cursor: ~/.cursor/mcp.json · VS Code: mcp.json in its user folder · Windsurf:
          ~/.codeium/windsurf/mcp_config.json
        </li>
        <li>Codex: ~/.codex/config.toml</li>
      </ul>
      <p>
        Add an MCP server in one of these clients (for example <span className="mono">claude mcp add</span>),
        and it appears here within a second. Then use <strong>Wrap</strong> to put it behind Tether&apos;s
        proxy for live status and automatic reconnects.
      </p>
    </section>
  );
}
