import { Toaster } from 'sonner';
import { Link, Route, Router, Switch } from 'wouter';
import { LogsView } from '../views/logs-view.js';
import { ServerDetailView } from '../views/server-detail-view.js';
import { ServersView } from '../views/servers-view.js';
import { SettingsView } from '../views/settings-view.js';
import { AboutPanel } from './about-panel.js';
import { EditDialog } from './edit-dialog.js';
import { ServiceBanner } from './service-banner.js';
import { useHashRoute } from './hash-route.js';

/**
 * The frame around every view: the navigation and the routes.
 *
 * Hash routing, so the same build works from `file://`/a custom protocol in Electron and from
 * `tether serve`, and a link (filters included) reopens the same view.
 */
export function AppShell(): React.JSX.Element {
  return (
    <Router hook={useHashRoute}>
      <div className="shell">
        <header className="shell-header">
          <h1>Tether</h1>
          <nav aria-label="Main" className="shell-nav">
            <Link href="/">Servers</Link>
            <Link href="/logs">Logs</Link>
            <Link href="/settings">Settings</Link>
          </nav>
        </header>
        <ServiceBanner />
        <main className="shell-main">
          <Switch>
            <Route path="/servers/:key">{(params) => <ServerDetailView serverKey={params.key} />}</Route>
            <Route path="/logs">
              <LogsView />
            </Route>
            <Route path="/settings">
              <SettingsView />
            </Route>
            <Route>
              <ServersView />
            </Route>
          </Switch>
        </main>
        <footer className="shell-footer">
          <section aria-labelledby="about-heading" className="card">
            <h2 id="about-heading">Service</h2>
            <AboutPanel />
          </section>
        </footer>
        <EditDialog />
        <Toaster theme="system" position="bottom-right" closeButton />
      </div>
    </Router>
  );
}
