import { useConnectionStore } from '../state/connection-store.js';
import { useStatusStore } from '../state/status-store.js';

/**
 * Says so when the service cannot be reached (a restarted `tether serve`); the transport reconnects by
 * itself and the bridge loads a fresh snapshot, so the banner goes away without a reload.
 */
export function ServiceBanner(): React.JSX.Element | null {
  const connection = useConnectionStore((state) => state.state);
  const error = useStatusStore((state) => state.error);
  if (connection === 'lost')
    return (
      <div className="service-banner" role="alert">
        <strong>The Tether service is not reachable.</strong> What you see may be out of date; the page
        reconnects by itself when the service is back.
      </div>
    );
  if (error)
    return (
      <div className="service-banner" role="alert">
        <strong>Could not load the server status:</strong> {error}
      </div>
    );
  return null;
}
