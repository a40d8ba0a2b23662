import { CONTROL_PROTOCOL_VERSION, JOURNAL_MAX_BYTES } from '../../../shared/control-protocol-constants.js';
import type { AuthEvent as ProtocolAuthEvent } from '../../../shared/control-protocol.js';
import { proxyJournalPath } from '../../core/control-socket-path.js';
import { JournalWriter } from '../journal-writer.js';
import type { AuthEvents } from './auth-events.js';

/**
 * Appends the auth events of a process that is not the proxy (`tether auth NAME`: consent, token
 * issue, revocation) to the server's journal, so its security activity is complete even when the
 * sign-in or sign-out happened outside the proxy. Same line format as the proxy's own `auth` events;
 * the sign-in URL is left out, as there.
 */
export function journalAuthEvents(
  dataDir: string,
  serverKey: string,
  events: Pick<AuthEvents, 'on'>,
): { flush(): Promise<void> } {
  const journal = new JournalWriter(proxyJournalPath(dataDir, serverKey), JOURNAL_MAX_BYTES);
  events.on(({ serverKey: _serverKey, authorizationUrl: _url, ...event }) => {
    const line: ProtocolAuthEvent = { type: 'auth', ...event };
    journal.append(
      JSON.stringify({
        ...line,
        v: CONTROL_PROTOCOL_VERSION,
        ts: new Date().toISOString(),
        pid: process.pid,
      }),
    );
  });
  return { flush: () => journal.flush() };
}
