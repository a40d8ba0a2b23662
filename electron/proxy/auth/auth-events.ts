import type { AuthEvent as ProtocolAuthEvent } from '../../../shared/control-protocol.js';
import { redactText } from '../../core/redact.js';

/**
 * Security activity of one server's credentials: what happened, when and why, never a token.
 *
 * The proxy engine forwards these to the server's journal and the control socket; the dashboard shows
 * them as the server's "security activity".
 */
/**
 * Kinds (declared in shared/control-protocol.ts, `authEventKindSchema`):
 * - `consent`: the user approved access in the browser and the authorization code came back;
 * - `token_issued`: a login finished and the server issued tokens;
 * - `token_refreshed`: tokens were renewed with the refresh token;
 * - `token_adopted`: another process refreshed; this one picked the new tokens up from disk;
 * - `refresh_failed`: `retryInMs` says whether it is retried (transient) or not (login needed);
 * - `login_required`: a person must sign in; requests get `auth_required` until they do;
 * - `token_rejected`: the server rejected a token Tether had just obtained; it is forgotten once;
 * - `revoked`: tokens were revoked at the server (RFC 7009) and/or deleted locally;
 * - `login_url`: a browser login is ready; carries the URL to open (socket only).
 */

/** An event as the provider emits it: the socket event plus the server it belongs to. */
export type AuthEvent = Omit<ProtocolAuthEvent, 'type'> & { serverKey: string };

export type AuthEventListener = (event: AuthEvent) => void;

/** Subscribe/emit for auth events; listeners that throw are isolated from each other and the proxy. */
export type AuthEvents = {
  /** Registers a listener; returns the function that removes it. */
  on(listener: AuthEventListener): () => void;
  emit(event: Omit<AuthEvent, 'at' | 'serverKey'>): void;
};

const MAX_REASON_CHARS = 300;

/** Creates the event channel of one server. */
export function createAuthEvents(serverKey: string, now: () => number = Date.now): AuthEvents {
  const listeners = new Set<AuthEventListener>();
  return {
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      // Reasons may carry an authorization server's error text: redact and bound it here, once.
      const full: AuthEvent = {
        ...event,
        reason: redactText(event.reason).slice(0, MAX_REASON_CHARS),
        at: new Date(now()).toISOString(),
        serverKey,
      };
      for (const listener of listeners) {
        try {
          listener(full);
        } catch {
          // A broken journal writer must not break authentication.
        }
      }
    },
  };
}
