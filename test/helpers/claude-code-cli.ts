import { execFile } from 'node:child_process';
import { access, constants, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import lockfile from 'proper-lockfile';

const execFileAsync = promisify(execFile);

/** The exact Claude Code release the tests run against; bump deliberately, never float. */
export const CLAUDE_CODE_VERSION = '2.1.197';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the CLI is installed on demand (gitignored), so it is never a project dependency. */
export const CLAUDE_CODE_CACHE_DIR = path.join(REPO_ROOT, '.cache', 'claude-code');

const PACKAGE_DIR = path.join(CLAUDE_CODE_CACHE_DIR, 'node_modules', '@anthropic-ai', 'claude-code');

/**
 * How to start the CLI. Since 2.1 the package ships a native binary (`bin/claude.exe`, copied in by its
 * postinstall); older releases and installs without the postinstall run a JS entry under node.
 */
export type ClaudeCodeCli = {
  /** The executable to spawn. */
  command: string;
  /** Arguments that go before the CLI's own (the JS entry when run through node). */
  prefixArgs: string[];
  /** The file that was found: the native binary, `cli.js` or `cli-wrapper.cjs`. */
  cliPath: string;
  version: string;
};

let pending: Promise<ClaudeCodeCli> | undefined;

/**
 * Installs `@anthropic-ai/claude-code@CLAUDE_CODE_VERSION` into `.cache/claude-code/` unless it is
 * already there, and says how to run it. Concurrent callers in one process share one install.
 */
export function ensureClaudeCodeCli(): Promise<ClaudeCodeCli> {
  pending ??= locateOrInstall().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}

async function locateOrInstall(): Promise<ClaudeCodeCli> {
  const found = await locate();
  if (found) return found;
  // A lock so two test workers (or two runs) never run npm into the same folder at once; proper-lockfile
  // works on every OS (flock(1) is Linux-only) and frees a lock whose holder died.
  await mkdir(CLAUDE_CODE_CACHE_DIR, { recursive: true });
  const release = await lockfile.lock(CLAUDE_CODE_CACHE_DIR, {
    lockfilePath: `${CLAUDE_CODE_CACHE_DIR}.install.lock`,
    stale: 30_000,
    retries: { retries: 900, factor: 1, minTimeout: 500, maxTimeout: 500 },
  });
  try {
    const installedMeanwhile = await locate();
    if (installedMeanwhile) return installedMeanwhile;
    await execFileAsync(
      'npm',
      [
        'install',
        '--prefix',
        CLAUDE_CODE_CACHE_DIR,
        '--no-save',
        '--no-audit',
        '--no-fund',
        `@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`,
      ],
      // npm is a .cmd on Windows, which only a shell runs.
      { timeout: 300_000, maxBuffer: 16 * 1024 * 1024, shell: process.platform === 'win32' },
    );
  } finally {
    await release();
  }
  const installed = await locate();
  if (!installed)
    throw new Error(`Claude Code ${CLAUDE_CODE_VERSION} installed but no runnable entry in ${PACKAGE_DIR}`);
  return installed;
}

async function locate(): Promise<ClaudeCodeCli | undefined> {
  const nativeBinary = path.join(PACKAGE_DIR, 'bin', 'claude.exe');
  const candidates: ClaudeCodeCli[] = [
    {
      command: process.execPath,
      prefixArgs: [path.join(PACKAGE_DIR, 'cli.js')],
      cliPath: path.join(PACKAGE_DIR, 'cli.js'),
      version: '',
    },
    { command: nativeBinary, prefixArgs: [], cliPath: nativeBinary, version: '' },
    {
      command: process.execPath,
      prefixArgs: [path.join(PACKAGE_DIR, 'cli-wrapper.cjs')],
      cliPath: path.join(PACKAGE_DIR, 'cli-wrapper.cjs'),
      version: '',
    },
  ];
  for (const candidate of candidates) {
    if (!(await exists(candidate.cliPath))) continue;
    try {
      const { stdout } = await execFileAsync(candidate.command, [...candidate.prefixArgs, '--version'], {
        timeout: 30_000,
        env: { PATH: process.env['PATH'] ?? '', HOME: CLAUDE_CODE_CACHE_DIR },
      });
      const version = stdout.trim().split(/\s+/)[0] ?? '';
      if (version === CLAUDE_CODE_VERSION) return { ...candidate, version };
    } catch {
      // The postinstall stub of bin/claude.exe fails when the native binary was not copied in; try the next.
    }
  }
  return undefined;
}

/** Environment for a CLI run in a temp home: no telemetry, no update checks, no network beyond MCP. */
export function claudeCodeEnv(homeEnv: Record<string, string>): Record<string, string> {
  return {
    ...homeEnv,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
  };
}

export type ClaudeRunResult = { stdout: string; stderr: string; code: number };

/**
 * Runs the CLI with `args` in the given temp-home environment (from `createTempHome().env`), never the
 * real home. Resolves with the exit code instead of throwing, so tests can assert on failures.
 */
export async function runClaude(
  args: string[],
  homeEnv: Record<string, string>,
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<ClaudeRunResult> {
  const cli = await ensureClaudeCodeCli();
  try {
    const running = execFileAsync(cli.command, [...cli.prefixArgs, ...args], {
      env: claudeCodeEnv(homeEnv),
      cwd: options.cwd ?? homeEnv['HOME'],
      timeout: options.timeoutMs ?? 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    // An empty, closed stdin: otherwise `-p` waits 3 s for piped input and warns about it.
    running.child.stdin?.end();
    const { stdout, stderr } = await running;
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number | string };
    return {
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? String(error),
      code: typeof failed.code === 'number' ? failed.code : 1,
    };
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}
