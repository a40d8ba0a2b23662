import { InvalidArgumentError, Option, type Command } from 'commander';
import { createStreamLogger, type LogLevel } from '../../core/logger.js';
import { currentPathEnv, ensureDataDir, resolveDataDir } from '../../core/paths.js';
import { resolveSecretRefs } from '../../core/config/secret-refs.js';
import { redactUrl } from '../../core/redact.js';
import { TETHER_VERSION } from '../../../shared/version.js';
import type { CliContext } from '../cli-context.js';
import { clientSecretFromEnv, parsePort } from '../option-parsers.js';

/** The options commander parses for `tether proxy` (see registerProxyCommand). */
type ProxyOptions = {
  name?: string;
  header: string[];
  transport: 'auto' | 'http' | 'sse';
  budget: number;
  startupWait?: number;
  deadline?: number;
  retryableTools?: string;
  ipv4?: boolean;
  logLevel: LogLevel;
  oauth?: boolean;
  clientId?: string;
  clientSecretEnv?: string;
  callbackPort?: number;
};

/** `K: V` with `${ENV}` expanded from the environment (unset variables become empty). */
export function parseHeader(
  raw: string,
  env: Readonly<Record<string, string | undefined>>,
): [string, string] {
  const colon = raw.indexOf(':');
  if (colon <= 0) throw new Error(`invalid --header "${raw.split(':')[0] ?? ''}": expected "Name: value"`);
  const name = raw.slice(0, colon).trim();
  const value = raw
    .slice(colon + 1)
    .trim()
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, variable: string) => env[variable] ?? '');
  return [name, value];
}

function nonNegativeSeconds(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0)
    throw new InvalidArgumentError(`expected a number of seconds (0 or more), got "${value}"`);
  return parsed;
}

function seconds(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new Error(`expected a positive number of seconds, got "${value}"`);
  return parsed;
}

/** A readable default name: the host (URL) or the command's base name. */
function defaultName(target: string): string {
  try {
    return new URL(target).hostname;
  } catch {
    return target.split(/[\\/]/).pop() ?? 'server';
  }
}

/**
 * `tether proxy`: the resilient stdio proxy an MCP client spawns in place of a server.
 *
 * The engine is loaded lazily so the other commands do not pay for it, and so `initialize` can be
 * answered from cache within milliseconds of spawn. stdout belongs to JSON-RPC: everything human
 * goes to stderr.
 */
export function registerProxyCommand(program: Command, context: CliContext): void {
  program
    .command('proxy')
    .description(
      'run a resilient stdio proxy in front of an MCP server (Streamable HTTP, SSE, or a local command after --)',
    )
    .argument('<url-or-command>', 'the MCP endpoint URL, or after `--` the command of a local stdio server')
    .argument('[args...]', 'arguments of the local server command')
    .option('--name <name>', 'server name for logs, journal and cache (default: the host or command)')
    .option(
      '--header <header>',
      'extra HTTP header "Name: value" (repeatable; ${ENV_VAR} is expanded)',
      (value: string, all: string[]) => [...all, value],
      [] as string[],
    )
    // A typo must not silently mean the default: commander refuses it, naming the allowed values.
    .addOption(
      new Option('--transport <transport>', 'auto: Streamable HTTP, falling back to legacy SSE')
        .choices(['auto', 'http', 'sse'])
        .default('auto'),
    )
    .option(
      '--budget <seconds>',
      'how long a request that was never sent may wait for the upstream',
      seconds,
      20,
    )
    .option(
      '--deadline <seconds>',
      'proxy backstop per request (default: 1800 for tools/call, 120 for others)',
      seconds,
    )
    .option(
      '--retryable-tools <names>',
      'comma-separated tools that are safe to replay when their outcome is unknown',
    )
    .option('--ipv4', 'connect over IPv4 only (when IPv6 routes black-hole)')
    .addOption(
      new Option('--log-level <level>', 'stderr verbosity')
        .choices(['debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .option(
      '--startup-wait <seconds>',
      "how long initialize and list requests wait for an unreachable upstream with nothing cached (default: shortly before the client's own start-up timeout, learned from its clientInfo; 0: answer at once)",
      nonNegativeSeconds,
    )
    .option(
      '--oauth',
      'OAuth 2.1 sign-in for the upstream (`tether auth NAME`); tokens are refreshed automatically',
    )
    .option(
      '--client-id <id>',
      'a pre-registered OAuth client id (implies --oauth; default: dynamic registration)',
    )
    .option(
      '--client-secret-env <var>',
      "environment variable holding the pre-registered client's secret (never on the command line)",
    )
    .option(
      '--callback-port <port>',
      'loopback port for sign-in callbacks (pre-registered clients with an exact redirect URI)',
      parsePort,
    )
    .addHelpText(
      'after',
      `
Examples:
  tether proxy --name acme --header "Authorization: Bearer \${ACME_TOKEN}" https://mcp.acme.dev/mcp
  tether proxy --name files -- npx -y @modelcontextprotocol/server-filesystem /tmp

Errors the proxy answers itself carry data.tether = {source, reason, executed: yes|no|unknown, retryable,
retryAfterMs?, httpStatus?}; tools/call failures are results with isError and the same object in _meta.tether.
See docs/proxy.md.`,
    )
    .action(async (target: string, args: string[], options: ProxyOptions) => {
      const logger = createStreamLogger({
        level: options.logLevel,
        write: (line) => context.stderr.write(line),
      });
      const dataDir = await ensureDataDir(resolveDataDir(currentPathEnv()));
      const isUrl = /^https?:\/\//i.test(target) && args.length === 0;
      const name = options.name ?? defaultName(target);
      // `tether wrap` keeps credentials in the entry's env (readable by this user only), not in argv.
      const secrets = resolveSecretRefs(
        isUrl ? target : '',
        Object.fromEntries(options.header.map((raw) => parseHeader(raw, process.env))),
        process.env,
      );
      if (secrets.missing.length > 0)
        throw new Error(
          `the environment lacks ${secrets.missing.join(', ')} (credentials \`tether wrap\` moved out of the command line); wrap the server again`,
        );
      const headers = secrets.headers;
      if (isUrl) target = secrets.url;
      const { runProxy } = await import('../../proxy/run-proxy.js');
      const { noUpstreamAuth } = await import('../../proxy/upstream-auth.js');
      const { startHeapTrimmer } = await import('../../proxy/heap-trimmer.js');
      const { startOtlpHook } = await import('../otlp-hook.js');
      // This process is the proxy alone (unlike runProxy in tests or the service): trim its heap.
      const exposedGc = globalThis.gc;
      const trimmer = startHeapTrimmer({
        gc: exposedGc && (() => exposedGc()),
        heapUsed: () => process.memoryUsage().heapUsed,
      });
      await runProxy({
        telemetry: startOtlpHook,
        name,
        target: isUrl
          ? { kind: 'url', url: new URL(target), label: redactUrl(target) }
          : { kind: 'command', command: target, args, label: `stdio: ${target}` },
        headers,
        transport: options.transport,
        // OAuth provider (docs/auth.md): never opens a browser; 401s needing a login get auth_required.
        auth:
          isUrl && (options.oauth || options.clientId)
            ? (await import('../../proxy/auth/oauth-upstream-auth.js')).createOAuthUpstreamAuth({
                serverKey: name,
                serverUrl: target,
                dataDir,
                logger,
                openBrowser: false,
                ...(options.clientId ? { clientId: options.clientId } : {}),
                ...optionalSecret(clientSecretFromEnv(options.clientSecretEnv, process.env)),
                ...(options.callbackPort ? { callbackPort: options.callbackPort } : {}),
              })
            : noUpstreamAuth,
        ipv4: options.ipv4 === true,
        budgetMs: options.budget * 1000,
        ...(options.startupWait !== undefined ? { startupWaitMs: options.startupWait * 1000 } : {}),
        deadlineMs: (options.deadline ?? 120) * 1000,
        toolDeadlineMs: (options.deadline ?? 1800) * 1000,
        retryableTools: new Set(
          (options.retryableTools ?? '')
            .split(',')
            .map((tool) => tool.trim())
            .filter(Boolean),
        ),
        dataDir,
        version: TETHER_VERSION,
        logger,
        stdin: process.stdin,
        stdout: process.stdout,
      });
      trimmer.stop();
      logger.debug(`heap trimmer: ${trimmer.collections} collections`);
      process.exit(0);
    });
}

function optionalSecret(clientSecret: string | undefined): { clientSecret?: string } {
  return clientSecret ? { clientSecret } : {};
}
