import { redactText } from '../../core/redact.js';

/**
 * Security activity of one server's credentials: what happened, when and why, never a token.
 *
 * The proxy engine forwards these to the server's journal and the control socket; the dashboard shows
 * them as the server's "security activity".
 */
export type AuthEventKind =
  /** The user approved access in the browser and the authorization code came back. */
  | 'consent'
  /** A login finished and the server issued tokens. */
  | 'token_issued'
  /** Tokens were renewed with the refresh token. */
  | 'token_refreshed'
  /** Another process refreshed; this one picked the new tokens up from disk. */
  | 'token_adopted'
  /** A refresh failed; `retryInMs` says whether it is retried (transient) or not (login needed). */
  | 'refresh_failed'
  /** A person must sign in; requests get `auth_required` until they do. */
  | 'login_required'
  /** The server rejected a token Tether had just obtained; it is forgotten once. */
  | 'token_rejected'
  /** Tokens were revoked at the server (RFC 7009) and/or deleted locally. */
  | 'revoked';

export type AuthEvent = {
  kind: AuthEventKind;
  /** ISO-8601 time. */
  at: string;
  serverKey: string;
  /** Short, human-readable and redacted. */
  reason: string;
  /** When the current access token expires (ISO-8601), when known. */
  expiresAt?: string;
  /** For transient refresh failures: when the next attempt is due. */
  retryInMs?: number;
  httpStatus?: number;
};

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
