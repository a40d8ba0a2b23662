import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PREFLIGHT_SCRIPT, readAnswer, type Answer } from '../../scripts/preflight/answer.mjs';
import type { PartName } from '../../scripts/preflight/parts.mjs';

let answer: Answer | undefined;

/**
 * The absolute path of an external program the tests drive (Chromium, nginx, openssl, prometheus),
 * as the preflight found it (scripts/preflight.mjs, run by `npm test`). Tests never name a system
 * path: the preflight knows each OS's places and `TETHER_CHROMIUM`.
 *
 * When there is no answer yet, or it is stale (a path gone, `TETHER_CHROMIUM` changed), as when one
 * test file runs alone, the preflight is asked again without installing anything. A missing part
 * throws the preflight's own line, which names the command that installs it.
 */
export function systemTool(part: PartName): string {
  answer ??= currentAnswer();
  const file = answer.parts[part];
  if (file !== undefined) return file;
  throw new Error(answer.missing[part] ?? `preflight: ${part} not found (run: node scripts/preflight.mjs)`);
}

function currentAnswer(): Answer {
  const stored = readAnswer();
  if (stored && isFresh(stored)) return stored;
  try {
    execFileSync(process.execPath, [PREFLIGHT_SCRIPT, '--check'], { stdio: 'ignore', timeout: 120_000 });
  } catch {
    // Exit 1 means a part is missing; the answer it wrote says which and how to install it.
  }
  const fresh = readAnswer();
  if (!fresh) throw new Error('preflight: no answer written (run: node scripts/preflight.mjs)');
  return fresh;
}

function isFresh(stored: Answer): boolean {
  return (
    stored.platform === process.platform &&
    stored.chromiumOverride === (process.env['TETHER_CHROMIUM'] || null) &&
    Object.keys(stored.missing).length === 0 &&
    Object.values(stored.parts).every((file) => existsSync(file))
  );
}
