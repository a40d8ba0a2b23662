import { useAppInfoStore } from '../state/app-info-store.js';

/** The service's identity: version, data folder, mode. First thing support asks for. */
export function AboutPanel(): React.JSX.Element {
  const state = useAppInfoStore((store) => store.state);
  if (state.status === 'loading') return <p className="muted">Connecting to the Tether service…</p>;
  if (state.status === 'error') {
    return (
      <p role="alert" className="error">
        Could not reach the Tether service: {state.error.message}
      </p>
    );
  }
  const { info } = state;
  return (
    <dl className="facts" aria-label="About this Tether service">
      <dt>Version</dt>
      <dd data-testid="tether-version">{info.version}</dd>
      <dt>Data folder</dt>
      <dd data-testid="tether-data-dir">
        <code>{info.dataDir}</code>
      </dd>
      <dt>Mode</dt>
      <dd>{info.mode === 'headless' ? 'Headless (tether serve)' : 'Desktop'}</dd>
      <dt>Platform</dt>
      <dd>{info.platform}</dd>
    </dl>
  );
}
