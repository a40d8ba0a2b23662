import type { Command } from 'commander';
import { createStreamLogger } from '../../core/logger.js';
import { currentPathEnv, resolveDataDir } from '../../core/paths.js';
import { startHeadlessDashboard } from '../../server/headless-dashboard.js';
import { openInBrowser } from '../open-browser.js';
import type { CliContext } from '../cli-context.js';
import { parsePort } from '../option-parsers.js';
import { waitForShutdownSignal } from '../shutdown-signal.js';

export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('run the Tether service headless and serve the dashboard on 127.0.0.1')
    .option('-p, --port <port>', 'port to listen on (default: a free port)', parsePort)
    .option('--no-open', 'do not open a browser')
    .action(async (options: { port?: number; open: boolean }) => {
      const logger = createStreamLogger();
      const dataDir = resolveDataDir(currentPathEnv());
      const dashboard = await startHeadlessDashboard({
        dataDir,
        rendererDir: context.rendererDir,
        logger,
        ...(options.port === undefined ? {} : { port: options.port }),
      });
      context.stdout.write(`Tether dashboard: ${dashboard.web.url}\n`);
      context.stderr.write(`[tether] data folder: ${dataDir}\n[tether] press Ctrl+C to stop\n`);
      // The opener's argv is readable by every local user: it gets a one-time code, not the token.
      if (options.open) openInBrowser(dashboard.web.oneTimeUrl());
      await waitForShutdownSignal();
      await dashboard.stop();
    });
}
