import type { Command } from 'commander';
import { createStreamLogger } from '../../core/logger.js';
import { currentPathEnv, resolveDataDir } from '../../core/paths.js';
import { authRecordPath, readAuthRecord } from '../../proxy/auth/auth-record.js';
import { createAuthEvents } from '../../proxy/auth/auth-events.js';
import { journalAuthEvents } from '../../proxy/auth/auth-journal.js';
import { startLoginSession } from '../../proxy/auth/login-session.js';
import { logout } from '../../proxy/auth/logout.js';
import { rememberServerUrl } from '../../proxy/auth/record-lock.js';
import { openInBrowser } from '../open-browser.js';
import type { CliContext } from '../cli-context.js';
import { clientSecretFromEnv, parsePort } from '../option-parsers.js';

/** The options commander parses for `tether auth NAME`. */
type AuthOptions = {
  url?: string;
  clientId?: string;
  clientSecretEnv?: string;
  scope?: string;
  callbackPort?: number;
  browser: boolean;
  logout?: boolean;
  timeout: number;
};

/**
 * `tether auth NAME`: sign in to an OAuth-protected server (or sign out with `--logout`).
 *
 * The tokens land in the server's auth record, where every `tether proxy` for NAME picks them up
 * without a restart. The URL comes from `--url` or from the record a proxy already wrote.
 */
export function registerAuthCommand(program: Command, context: CliContext): void {
  program
    .command('auth')
    .description('sign in to an OAuth-protected MCP server (or sign out with --logout)')
    .argument('<name>', 'server name, as given to `tether proxy --name`')
    .option('--url <url>', 'the server URL (default: the URL a proxy for NAME recorded)')
    .option(
      '--client-id <id>',
      'a client id registered with the authorization server (default: register dynamically)',
    )
    .option(
      '--client-secret-env <var>',
      "environment variable holding the pre-registered client's secret (never on the command line)",
    )
    .option('--scope <scope>', 'scope to request (default: what the server advertises)')
    .option(
      '--callback-port <port>',
      'loopback port for the sign-in callback (default: a free port)',
      parsePort,
    )
    .option('--no-browser', 'print the sign-in URL instead of opening a browser')
    .option('--logout', 'revoke and delete the stored tokens')
    .option('--timeout <seconds>', 'how long to wait for the browser sign-in', (value) => Number(value), 600)
    .action(async (name: string, options: AuthOptions) => {
      const dataDir = resolveDataDir(currentPathEnv());
      const logger = createStreamLogger({ scope: 'auth', write: (line) => context.stderr.write(line) });
      const events = createAuthEvents(name);
      // Security activity goes to stderr; reasons are redacted by construction and never carry tokens.
      events.on((event) => logger.info(`${event.kind}: ${event.reason}`));
      const journal = journalAuthEvents(dataDir, name, events);
      if (options.logout) {
        const result = await logout({ dataDir, serverKey: name, events });
        await journal.flush();
        context.stdout.write(
          !result.hadTokens
            ? `Not signed in to ${name}.\n`
            : result.revoked
              ? `Signed out of ${name}: tokens revoked and deleted.\n`
              : `Signed out of ${name}: tokens deleted (${result.revocationSupported ? 'revocation failed' : 'the server does not support revocation'}).\n`,
        );
        return;
      }
      const serverUrl = options.url ?? (await readAuthRecord(authRecordPath(dataDir, name)))?.serverUrl;
      if (!serverUrl) throw new Error(`no server URL known for "${name}": pass --url URL`);
      if (options.url) await rememberServerUrl({ dataDir, serverKey: name, serverUrl: options.url });
      const session = await startLoginSession({
        dataDir,
        serverKey: name,
        serverUrl,
        events,
        timeoutMs: options.timeout * 1000,
        ...(options.clientId ? { clientId: options.clientId } : {}),
        ...(options.clientSecretEnv
          ? { clientSecret: clientSecretFromEnv(options.clientSecretEnv, process.env) }
          : {}),
        ...(options.scope ? { scope: options.scope } : {}),
        ...(options.callbackPort ? { callbackPort: options.callbackPort } : {}),
      });
      context.stdout.write(`Open this URL to sign in to ${name}:\n${session.authorizationUrl}\n`);
      if (options.browser) openInBrowser(session.authorizationUrl);
      context.stderr.write('[tether] waiting for the browser sign-in (Ctrl+C to give up)\n');
      // The callback server is unref'd (a proxy's pending login must not keep the proxy alive); here,
      // waiting for the browser is the whole job, so hold the process open until the login settles.
      const holdOpen = setInterval(() => undefined, 60_000);
      const record = await session.completed.finally(() => {
        clearInterval(holdOpen);
        return journal.flush();
      });
      const until = record.expiresAt
        ? ` (access token valid until ${new Date(record.expiresAt).toISOString()})`
        : '';
      context.stdout.write(`Signed in to ${name}${until}.\n`);
    });
}
