import type { Logger } from '../../core/logger.js';
import { startLoginSession } from './login-session.js';
import type { LoginSession, LoginSessionOptions } from './login-session.js';

/**
 * Keeps at most one pending browser login per provider, so every request that needs a login gets the
 * same URL, and a request never waits for the person (only, briefly, for the URL to exist).
 */
export type LoginCoordinator = {
  /**
   * The URL of the pending login, starting one if needed. Waits at most `waitMs` for discovery and
   * registration; `undefined` when the URL is not ready in time (the login keeps preparing).
   */
  loginUrl(
    overrides: Pick<LoginSessionOptions, 'scope' | 'resourceMetadataUrl'>,
    waitMs?: number,
  ): Promise<string | undefined>;
  /** The URL of the login waiting for the person, if any. */
  pendingUrl(): string | undefined;
  /** Drops the pending login (signed in elsewhere, or shutting down). */
  cancel(): Promise<void>;
};

export type LoginCoordinatorOptions = Omit<LoginSessionOptions, 'scope' | 'resourceMetadataUrl'> & {
  logger: Logger;
  waitMs: number;
  /** Called once per session with its URL, e.g. to open a browser when the host allows it. */
  onUrl?: (url: string) => void;
  /** Called when a session's login finished and the tokens are stored. */
  onSignedIn: () => void;
  now: () => number;
};

/** Creates the coordinator of one server's logins. */
export function createLoginCoordinator(options: LoginCoordinatorOptions): LoginCoordinator {
  let pending: Promise<LoginSession> | undefined;
  let session: LoginSession | undefined;
  /** Sessions this coordinator dropped on purpose (signed in elsewhere, closing): their end is no failure. */
  const dropped = new WeakSet<LoginSession>();

  const start = (
    overrides: Pick<LoginSessionOptions, 'scope' | 'resourceMetadataUrl'>,
  ): Promise<LoginSession> => {
    const { logger, onUrl, onSignedIn } = options;
    const starting: Promise<LoginSession> = startLoginSession({ ...options, ...overrides }).then(
      (started) => {
        if (pending !== starting) {
          // Cancelled (signed in elsewhere, or closing) while it was being prepared.
          dropped.add(started);
          void started.cancel();
          return started;
        }
        session = started;
        logger.info('sign-in needed: a login URL is ready');
        onUrl?.(started.authorizationUrl);
        started.completed.then(
          () => {
            if (session === started) session = undefined;
            onSignedIn();
          },
          (error: unknown) => {
            if (session === started) session = undefined;
            if (dropped.has(started)) {
              logger.debug('the pending sign-in was dropped: signed in elsewhere or closing');
              return;
            }
            logger.warn('sign-in did not complete', {
              reason: error instanceof Error ? error.message : 'unknown',
            });
          },
        );
        return started;
      },
    );
    starting.then(
      () => {
        if (pending === starting) pending = undefined;
      },
      (error: unknown) => {
        if (pending === starting) pending = undefined;
        logger.warn('could not prepare sign-in', {
          reason: error instanceof Error ? error.message : 'unknown',
        });
      },
    );
    return starting;
  };

  return {
    pendingUrl: () => (session && session.expiresAt > options.now() ? session.authorizationUrl : undefined),
    async loginUrl(overrides, waitMs = options.waitMs) {
      if (session && session.expiresAt > options.now()) return session.authorizationUrl;
      pending ??= start(overrides);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), waitMs);
      });
      try {
        const ready = await Promise.race([pending, late]);
        return ready?.authorizationUrl;
      } catch {
        return undefined;
      } finally {
        clearTimeout(timer);
      }
    },
    async cancel() {
      const current = session;
      session = undefined;
      pending = undefined;
      if (current) dropped.add(current);
      await current?.cancel();
    },
  };
}
