import { locatePretty } from './json-locate.js';
import { scanJson } from './json-scan.js';
import { spliceRegions, type SplicedText } from './text-splice.js';

/**
 * Auth and account keys of `~/.claude.json` that Tether must never change. Losing `oauthAccount` or
 * `hasCompletedOnboarding` makes Claude Code re-onboard and log the user out (anthropics/claude-code#3117).
 */
export const CLAUDE_PROTECTED_KEYS = [
  'oauthAccount',
  'primaryApiKey',
  'customApiKeyResponses',
  'userID',
  'hasCompletedOnboarding',
  'lastOnboardingVersion',
  'claudeCodeFirstTokenDate',
  'bypassPermissionsModeAccepted',
  'subscriptionNoticeCount',
  'hasAvailableSubscription',
  'machineID',
] as const;

/** Per-project trust and onboarding flags, counted rather than located (one per project). */
const PROJECT_FLAGS = ['"hasTrustDialogAccepted": true', '"hasCompletedProjectOnboarding": true'];

/**
 * The exact bytes of every protected key (absent keys map to `undefined`) plus counts of per-project
 * trust flags: two snapshots are equal only when all of them are byte-identical.
 */
export function protectedSnapshot(text: string): string {
  const parts: Record<string, string | number | null> = protectedKeyBytes(text);
  for (const flag of PROJECT_FLAGS) parts[flag] = countOccurrences(text, flag);
  return JSON.stringify(parts);
}

/**
 * True when the edited text has the same protected snapshot as `before`, without counting the flags
 * over both whole files: outside the regions around the splices the texts are identical, so only the
 * regions (widened by the flag's length) can differ in their counts.
 */
export function protectedKeysKept(before: string, edited: SplicedText): boolean {
  if (JSON.stringify(protectedKeyBytes(before)) !== JSON.stringify(protectedKeyBytes(edited.text))) return false;
  const margin = Math.max(...PROJECT_FLAGS.map((flag) => flag.length));
  return spliceRegions(before, edited, margin).every((region) =>
    PROJECT_FLAGS.every((flag) => countOccurrences(region.before, flag) === countOccurrences(region.next, flag)),
  );
}

function protectedKeyBytes(text: string): Record<string, string | null> {
  const paths = CLAUDE_PROTECTED_KEYS.map((key) => [key]);
  const ranges =
    locatePretty(text, paths, '  ') ??
    scanJson(text, {
      maxDepth: 1,
      select: (path) => path.length === 1 && (CLAUDE_PROTECTED_KEYS as readonly string[]).includes(path[0]!),
    });
  const parts: Record<string, string | null> = {};
  for (const key of CLAUDE_PROTECTED_KEYS) {
    const range = ranges.get(JSON.stringify([key]));
    parts[key] = range ? text.slice(range.start, range.end) : null;
  }
  return parts;
}

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** Thrown when an edit would change a protected key; nothing is written. */
export class ProtectedKeysChangedError extends Error {
  constructor(readonly path: string) {
    super(`${path}: refusing to write, the edit would change auth or account keys`);
    this.name = 'ProtectedKeysChangedError';
  }
}
