import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';
import { endQuietlyOnClosedPipe } from './closed-pipe.js';

/**
 * Entry point of the bundled CLI (`dist/cli/tether.mjs`), which sits beside `dist/renderer/`.
 *
 * `tether proxy` loads only its own modules (the bundle is code-split), because MCP clients spawn it on
 * every start and wait for its `initialize` answer; every other command loads the full program.
 */
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
const context: CliContext = { rendererDir, stdout: process.stdout, stderr: process.stderr };

async function loadProgram(): Promise<Command> {
  if (process.argv[2] === 'proxy') {
    // The engine's modules load while commander parses the arguments (the action imports them too).
    void import('../proxy/run-proxy.js').catch(() => undefined);
    return (await import('./proxy-program.js')).buildProxyProgram(context);
  }
  // Every other command prints results: a reader that closes the pipe early (`| head`) ends it quietly.
  // (The proxy handles a closed stdout itself: that is its client going away.)
  endQuietlyOnClosedPipe(process.stdout, (code) => process.exit(code));
  endQuietlyOnClosedPipe(process.stderr, (code) => process.exit(code));
  // Repoint the stable launcher wrapped entries run at this install (electron/core/launcher/).
  void import('./launcher-on-start.js')
    .then((module) => module.refreshLauncherOnStart())
    .catch(() => undefined);
  return (await import('./program.js')).buildProgram(context);
}

loadProgram()
  .then((program) => program.parseAsync(process.argv))
  .catch((error: unknown) => {
    process.stderr.write(`tether: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
