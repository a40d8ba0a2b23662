import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PREFLIGHT_SCRIPT, type Answer } from '../../../scripts/preflight/answer.mjs';

let dir: string;
let answerFile: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tether-preflight-'));
  answerFile = path.join(dir, 'preflight.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Runs the real preflight in report-only mode, its answer in a temp file (never the suite's own). */
function runPreflight(
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PREFLIGHT_SCRIPT, '--check'], {
      env: { ...process.env, TETHER_CHROMIUM: undefined, ...env, TETHER_PREFLIGHT_ANSWER: answerFile },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function answer(): Promise<Answer> {
  return JSON.parse(await readFile(answerFile, 'utf8')) as Answer;
}

describe('preflight (scripts/preflight.mjs)', () => {
  it('finds every part on this machine, each a runnable absolute path, and writes them for the helpers', async () => {
    const run = await runPreflight({});
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const written = await answer();
    expect(Object.keys(written.parts).sort()).toEqual(['chromium', 'nginx', 'openssl', 'prometheus']);
    for (const file of Object.values(written.parts)) {
      expect(path.isAbsolute(file)).toBe(true);
      expect(existsSync(file)).toBe(true);
    }
    expect(written.missing).toEqual({});
    expect(run.stdout).toContain(`nginx ${written.parts.nginx}`);
  });

  it('stops with exit 1 and one line when TETHER_CHROMIUM points nowhere, and records that line', async () => {
    const nowhere = path.join(dir, 'no-such-browser');
    const run = await runPreflight({ TETHER_CHROMIUM: nowhere });
    expect(run.code).toBe(1);
    const line = `preflight: chromium: TETHER_CHROMIUM=${nowhere} is not a runnable browser; fix the path or unset it`;
    expect(run.stderr).toBe(`${line}\n`);
    const written = await answer();
    expect(written.parts.chromium).toBeUndefined();
    expect(written.missing).toEqual({ chromium: line });
    expect(written.chromiumOverride).toBe(nowhere);
    expect(Object.keys(written.parts).sort()).toEqual(['nginx', 'openssl', 'prometheus']);
  });

  it('takes TETHER_CHROMIUM when it is a runnable browser', async () => {
    const found = await runPreflight({});
    const chromium = (await answer()).parts.chromium!;
    expect(found.code).toBe(0);
    const run = await runPreflight({ TETHER_CHROMIUM: chromium });
    expect(run.code).toBe(0);
    expect((await answer()).parts.chromium).toBe(chromium);
  });
});
