import { AboutPanel } from './about-panel.js';

export function AppShell(): React.JSX.Element {
  return (
    <div className="shell">
      <header className="shell-header">
        <h1>Tether</h1>
        <span className="tagline">MCP connections, alive and visible</span>
      </header>
      <main className="shell-main">
        <section aria-labelledby="about-heading" className="card">
          <h2 id="about-heading">Service</h2>
          <AboutPanel />
        </section>
      </main>
    </div>
  );
}
