import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../../electron/cli/program.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';
import { TETHER_BIN, runCli, waitForOutput } from '../../helpers/run-cli.js';

describe('tether CLI', () => {
  let home: TempHome;
  beforeAll(async () => {
    home = await createTempHome();
  });
  afterAll(() => home.cleanup());

  it('lists exactly the commands that are registered, and each has its own help', async () => {
    const registered = buildProgram({ rendererDir: '', stdout: process.stdout, stderr: process.stderr })
      .commands.map((command) => command.name())
      .sort();
    expect(registered).toContain('serve');
    const { code, stdout } = await runCli(['--help'], home.env);
    expect(code).toBe(0);
    const listed = [...stdout.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)]
      .map((match) => match[1])
      .filter((n) => n !== 'help');
    expect(listed.sort()).toEqual(registered);
    for (const name of registered) {
      const help = await runCli([name, '--help'], home.env);
      expect(help.code, `${name} --help`).toBe(0);
      expect(help.stdout).toContain(`Usage: tether ${name}`);
    }
  });

  it('proxy refuses a typo in --transport or --log-level, naming the allowed values in its first line', async () => {
    for (const [flag, typo, allowed] of [
      ['--transport', 'htp', /auto, http, sse/],
      ['--log-level', 'verbose', /debug, info, warn, error/],
      ['--startup-wait', 'soon', /0 or more/],
    ] as const) {
      const { code, stderr } = await runCli(
        ['proxy', flag, typo, 'http://127.0.0.1:9/mcp'],
        home.env,
        10_000,
      );
      expect(code, `${flag} ${typo}`).not.toBe(0);
      // The error is its first line (the command's help follows it).
      const first = stderr.split('\n')[0] ?? '';
      expect(first).toContain(typo);
      expect(first).toMatch(allowed);
    }
  });

  it('prints the version from package.json', async () => {
    const { stdout } = await runCli(['--version'], home.env);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rejects an unknown command with a clear error and a non-zero exit', async () => {
    const { code, stderr } = await runCli(['frobnicate'], home.env);
    expect(code).not.toBe(0);
    expect(stderr).toContain("unknown command 'frobnicate'");
  });

  it('rejects a bad --port', async () => {
    const { code, stderr } = await runCli(['serve', '--port', 'ninety'], home.env);
    expect(code).not.toBe(0);
    expect(stderr).toContain('"ninety" is not a port number');
  });

  it('serve prints a tokenised loopback URL, serves it, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [TETHER_BIN, 'serve', '--no-open'], { env: home.env });
    try {
      const [url] = await waitForOutput(child, /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/);
      // The token URL is traded for the session cookie (303 to `/`), as a browser would follow it.
      const exchange = await fetch(url, { redirect: 'manual' });
      expect(exchange.status).toBe(303);
      const cookie = (exchange.headers.get('set-cookie') ?? '').split(';')[0]!;
      const page = await fetch(new URL(exchange.headers.get('location') ?? '/', url), {
        headers: { cookie },
      });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
