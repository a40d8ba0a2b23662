import { hostname, networkInterfaces } from 'node:os';
import type { Command } from 'commander';
import { createStreamLogger } from '../../core/logger.js';
import { currentPathEnv, resolveDataDir } from '../../core/paths.js';
import { describeExposure, planBind } from '../../server/bind-plan.js';
import { startHeadlessDashboard } from '../../server/headless-dashboard.js';
import { loadOrCreateToken } from '../../server/token-file.js';
import { openInBrowser } from '../open-browser.js';
import type { CliContext } from '../cli-context.js';
import { parsePort } from '../option-parsers.js';
import { waitForShutdownSignal } from '../shutdown-signal.js';

/** The options commander parses for `tether serve`. */
type ServeOptions = { port?: number; open: boolean; host?: string; allowHost: string[]; tokenFile?: string };

export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('run the Tether service headless and serve the dashboard and /metrics on 127.0.0.1')
    .option('-p, --port <port>', 'port to listen on (default: a free port)', parsePort)
    .option(
      '--host <address>',
      'address to listen on, e.g. 0.0.0.0 in a container (default 127.0.0.1); prints what it exposes',
    )
    .option(
      '--allow-host <name>',
      'another Host name the service answers to, e.g. a compose or Kubernetes service name (repeatable)',
      (value: string, all: string[]) => [...all, value],
      [] as string[],
    )
    .option('--token-file <file>', 'read the access token from this file (created with a new one if missing)')
    .option('--no-open', 'do not open a browser')
    .action(async (options: ServeOptions) => {
      const logger = createStreamLogger();
      const dataDir = resolveDataDir(currentPathEnv());
      const bind = planBind({
        ...(options.host === undefined ? {} : { host: options.host }),
        allowHosts: options.allowHost,
        interfaces: networkInterfaces(),
        machineName: hostname(),
      });
      const fromFile = options.tokenFile ? await loadOrCreateToken(options.tokenFile) : undefined;
      const dashboard = await startHeadlessDashboard({
        dataDir,
        rendererDir: context.rendererDir,
        logger,
        bind,
        ...(options.port === undefined ? {} : { port: options.port }),
        ...(fromFile ? { token: fromFile.token } : {}),
      });
      context.stdout.write(`Tether dashboard: ${dashboard.web.url}\n`);
      const tokenSource = options.tokenFile
        ? `in ${options.tokenFile}${fromFile?.created ? ', created now' : ''}`
        : 'the one in the URL above; --token-file keeps one across restarts';
      for (const line of describeExposure(bind, dashboard.web.port, tokenSource))
        context.stderr.write(`[tether] ${line}\n`);
      context.stderr.write(`[tether] data folder: ${dataDir}\n[tether] press Ctrl+C to stop\n`);
      // The opener's argv is readable by every local user: it gets a one-time code, not the token.
      if (options.open) openInBrowser(dashboard.web.oneTimeUrl());
      await waitForShutdownSignal();
      await dashboard.stop();
    });
}
