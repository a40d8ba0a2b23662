import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import {
  formatDoctorProgress,
  formatDoctorReport,
  HeaderArgError,
  parseHeaderArg,
  runDoctor,
  saveDoctorReport,
  type HeaderArg,
} from '../../core/doctor/index.js';
import { currentPathEnv, resolveDataDir } from '../../core/paths.js';
import type { CliContext } from '../cli-context.js';

/** The options commander parses for `tether doctor URL`. */
type DoctorCliOptions = { hold: number; header: string[]; json?: boolean; timeout: number; save: boolean };

/**
 * `tether doctor URL`: probes a remote MCP server layer by layer and saves the report for the bundle.
 *
 * Exit code 1 when any layer fails, so scripts and CI can use it as a health check.
 */
export function registerDoctorCommand(program: Command, context: CliContext): void {
  program
    .command('doctor')
    .description('probe a remote MCP server and the path to it, layer by layer')
    .argument('<url>', 'the MCP endpoint, e.g. https://mcp.example.com/mcp', parseEndpointUrl)
    .option('--hold <seconds>', 'hold the GET stream open this long to measure idle cuts', parseSeconds, 0)
    .option(
      '-H, --header <header>',
      'extra request header "Name: value" (${ENV} expanded; repeatable)',
      collect,
      [],
    )
    .option('--timeout <seconds>', 'per-request timeout', parseSeconds, 10)
    .option('--no-save', 'do not save the report to the data folder')
    .option('--json', 'print the report as JSON (schema tether.doctor/1)')
    .action(async (url: string, options: DoctorCliOptions) => {
      const headers: HeaderArg[] = options.header.map((raw) => parseHeaderArg(raw, process.env));
      const tty = isTty(context.stderr);
      const report = await runDoctor({
        url,
        headers,
        holdSeconds: options.hold,
        timeoutMs: options.timeout * 1000,
        onProgress: (progress) => {
          const line = formatDoctorProgress(progress, tty);
          if (line) context.stderr.write(line);
        },
      });
      const savedTo = options.save
        ? await saveDoctorReport(resolveDataDir(currentPathEnv()), report)
        : undefined;
      if (options.json) context.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else
        context.stdout.write(
          formatDoctorReport(report, { colour: isTty(context.stdout), ...(savedTo ? { savedTo } : {}) }),
        );
      if (report.verdict === 'fail') process.exitCode = 1;
    })
    .hook('preAction', (command) => {
      // Turn a bad --header into a usage error before any probing starts.
      const raw = command.opts<{ header?: string[] }>().header ?? [];
      try {
        raw.forEach((value) => parseHeaderArg(value, process.env));
      } catch (error) {
        if (error instanceof HeaderArgError) command.error(`tether doctor: ${error.message}`);
        throw error;
      }
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400)
    throw new InvalidArgumentError(`"${value}" is not a number of seconds.`);
  return seconds;
}

function isTty(stream: NodeJS.WritableStream): boolean {
  return 'isTTY' in stream && stream.isTTY === true;
}

/** The endpoint argument: an http(s) URL, or an error that shows what one looks like. */
function parseEndpointUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new InvalidArgumentError(
      `"${value}" is not ${url ? 'an http:// or https:// URL' : 'a URL'}: give the server's MCP endpoint, e.g. https://mcp.example.com/mcp`,
    );
  return value;
}
