import { redactDeep } from '../../core/redact.js';
import { clientIdSchema } from '../../../shared/server-model.js';
import type { ServerSelector } from '../../core/config/find-server.js';
import type { WrapOutcome } from '../../core/config/wrap.js';
import type { CliContext } from '../cli-context.js';

/** The `--client`/`--project` options shared by wrap and unwrap. */
export type SelectorOptions = { client?: string; project?: string };

/** The server a wrap/unwrap names; an unknown `--client` fails here with the list of valid ids. */
export function selectorFromOptions(name: string, options: SelectorOptions): ServerSelector {
  return {
    name,
    ...(options.client ? { client: clientIdSchema.parse(options.client) } : {}),
    ...(options.project ? { project: options.project } : {}),
  };
}

/** A small `-`/`+` diff of the entry (secrets redacted), as `--dry-run` prints it. */
export function entryDiff(outcome: WrapOutcome): string {
  const lines = (value: unknown): string[] => JSON.stringify(redactDeep(value), null, 2).split('\n');
  return [
    `--- ${outcome.record.configPath} (${outcome.record.location.join(' > ')})`,
    ...lines(outcome.entryBefore).map((line) => `- ${line}`),
    ...lines(outcome.entryAfter).map((line) => `+ ${line}`),
    '',
  ].join('\n');
}

/** Prints an expected failure as one line and sets a non-zero exit code; nothing was written. */
export function reportFailure(context: CliContext, error: unknown): void {
  context.stderr.write(`tether: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
