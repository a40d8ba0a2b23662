// @ts-check
// The preflight's answer on disk: where each external part is, or the line saying how to install it.
// scripts/preflight.mjs writes it; the test helpers read it (test/helpers/system-tools.ts), so no test
// names a system path.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** @typedef {import('./parts.mjs').PartName} PartName */

/**
 * @typedef {{
 *   version: 1,
 *   platform: NodeJS.Platform,
 *   chromiumOverride: string | null,
 *   parts: Partial<Record<PartName, string>>,
 *   missing: Partial<Record<PartName, string>>,
 * }} Answer
 * `parts`: absolute path of each part found. `missing`: the printed line for each part not found.
 * `chromiumOverride`: the `TETHER_CHROMIUM` the answer was made with (a changed one makes it stale).
 */

/** The repository root (this file is scripts/preflight/answer.mjs). */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The preflight's command line entry. */
export const PREFLIGHT_SCRIPT = path.join(REPO_ROOT, 'scripts', 'preflight.mjs');

/**
 * `.cache/preflight.json` in the repository, or `TETHER_PREFLIGHT_ANSWER` (the preflight's own tests
 * write elsewhere so they never change the answer the suite reads).
 * @param {Readonly<Record<string, string | undefined>>} [env]
 * @returns {string}
 */
export function answerPath(env = process.env) {
  return env['TETHER_PREFLIGHT_ANSWER'] || path.join(REPO_ROOT, '.cache', 'preflight.json');
}

/**
 * Writes the answer atomically (temp file + rename): test workers may read it at any moment.
 * @param {Answer} answer
 * @param {string} [file]
 */
export function writeAnswer(answer, file = answerPath()) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(answer, null, 2)}\n`);
  renameSync(temp, file);
}

/**
 * The stored answer, or undefined when there is none or it is not one (another version, hand-edited).
 * @param {string} [file]
 * @returns {Answer | undefined}
 */
export function readAnswer(file = answerPath()) {
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || parsed.version !== 1) return undefined;
  if (typeof parsed.parts !== 'object' || typeof parsed.missing !== 'object') return undefined;
  return /** @type {Answer} */ (parsed);
}
