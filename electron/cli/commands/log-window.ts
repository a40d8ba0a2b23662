import type { ServerTimeline } from '../../../shared/timeline-model.js';
import type { HiddenEvidence, LogScope } from '../../core/logs/scan-logs.js';
import { closeMatches, knownServerNames } from '../../core/logs/known-servers.js';
import { buildTimelines } from '../../core/timeline/build-timelines.js';
import type { CliContext } from '../cli-context.js';
import { scopeFor } from './log-options.js';

const DAY_MS = 86_400_000;

/** "the last 7 d" / "the last 2 h" / "since 2026-11-21T00:00:00Z": the window a command looked at. */
export function windowText(sinceMs: number, nowMs = Date.now()): string {
  const ageMs = nowMs - sinceMs;
  if (ageMs >= 2 * DAY_MS && ageMs % DAY_MS < 60_000) return `the last ${Math.round(ageMs / DAY_MS)} d`;
  if (ageMs >= 3_600_000 && ageMs % 3_600_000 < 60_000) return `the last ${Math.round(ageMs / 3_600_000)} h`;
  return `since ${new Date(sinceMs).toISOString().replace(/\.\d+Z$/, 'Z')}`;
}

/** The `--since` that takes in the newest file the window left out (whole days, one to spare). */
function widenFlag(hidden: HiddenEvidence, sinceMs: number, nowMs = Date.now()): string {
  const from = Math.max(hidden.newestMs ?? 0, hidden.newestEventMs ?? 0) || sinceMs - DAY_MS;
  return `--since ${Math.ceil((nowMs - from) / DAY_MS) + 1}d`;
}

/**
 * One sentence about what the window hid, or undefined when it hid nothing:
 * "5 older log files (the newest written 2026-11-21) are outside it: widen it with --since 15d".
 */
export function hiddenText(hidden: HiddenEvidence, sinceMs: number, nowMs = Date.now()): string | undefined {
  const parts: string[] = [];
  if (hidden.files > 0)
    parts.push(
      `${hidden.files} older log file${hidden.files === 1 ? '' : 's'}${hidden.newestMs ? ` (the newest written ${new Date(hidden.newestMs).toISOString().slice(0, 10)})` : ''}`,
    );
  if (hidden.events > 0)
    parts.push(
      `${hidden.events} older event${hidden.events === 1 ? '' : 's'}${hidden.files === 0 && hidden.newestEventMs ? ` (the newest from ${new Date(hidden.newestEventMs).toISOString().slice(0, 10)})` : ''}`,
    );
  if (parts.length === 0) return undefined;
  const verb = hidden.files + hidden.events === 1 ? 'is' : 'are';
  return `${parts.join(' and ')} ${verb} outside it: widen it with ${widenFlag(hidden, sinceMs, nowMs)}`;
}

/**
 * For a command asked about one server that found nothing: an error naming close matches when no
 * client config, log or journal knows the name (true: the caller stops with exit code 1), nothing when
 * the name is known (false: the window is what hid it). Unreadable configs are reported as parse errors.
 */
export async function reportUnknownServer(
  context: CliContext,
  scope: LogScope,
  name: string,
): Promise<boolean> {
  const { names, problems } = await knownServerNames(scope);
  if (names.includes(name)) return false;
  for (const problem of problems)
    context.stderr.write(
      `tether: ${problem.configPath}${problem.line === null ? '' : `:${problem.line}`}: ${problem.message} (this file could not be read)\n`,
    );
  const matches = closeMatches(name, names);
  const hint = matches.length
    ? `; close matches: ${matches.join(', ')}`
    : names.length
      ? `; known servers: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}`
      : problems.length
        ? '; no other server could be found (fix the file above to see its servers)'
        : '; no MCP servers are configured or logged on this machine';
  context.stderr.write(`tether: no server named "${name}"${hint}\n`);
  process.exitCode = 1;
  return true;
}

/** The timelines a command reads, with the window they cover in words for its messages. */
export type WindowTimelines = {
  scope: LogScope;
  timelines: ServerTimeline[];
  /** "the last 7 d": the window looked at. */
  window: string;
  /** What the window left out, when it left anything (hiddenText). */
  hidden: string | undefined;
};

/**
 * The timelines of `tether timeline` and `tether explain`: one server's or every server's, over the
 * `--since` window (7 days by default); files that could not be read are reported on stderr.
 * Undefined when NAME is a server nothing knows: that is reported too, and the command stops.
 */
export async function windowTimelines(
  context: CliContext,
  name: string | undefined,
  options: { since?: number },
): Promise<WindowTimelines | undefined> {
  const scope = scopeFor({ ...options, ...(name ? { server: name } : {}) }, 7 * DAY_MS);
  const { timelines, scan } = await buildTimelines(scope);
  for (const problem of scan.problems) context.stderr.write(`[tether] ${problem.path}: ${problem.message}\n`);
  if (name && timelines.length === 0 && (await reportUnknownServer(context, scope, name))) return undefined;
  const window = windowText(scope.sinceMs!);
  return { scope, timelines, window, hidden: hiddenText(scan.hidden, scope.sinceMs!) };
}
