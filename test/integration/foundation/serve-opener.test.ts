import { spawn } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stopChild, TETHER_BIN, waitForOutput } from '../../helpers/run-cli.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

let home: TempHome;
beforeEach(async () => {
  home = await createTempHome();
});
afterEach(async () => {
  await home.cleanup();
});

function get(
  url: string,
): Promise<{ status: number; cookie: string | undefined; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    request(url, (response) => {
      response.resume();
      resolve({
        status: response.statusCode ?? 0,
        cookie: response.headers['set-cookie']?.[0],
        location: response.headers.location,
      });
    })
      .on('error', reject)
      .end();
  });
}

describe('tether serve opening the browser', () => {
  it('gives the opener a one-time code, never the token (its argv is readable by every user)', async () => {
    // A stand-in `xdg-open` that records the command line it was started with.
    const bin = path.join(home.home, 'bin');
    const record = path.join(home.home, 'opener-argv.txt');
    await mkdir(bin, { recursive: true });
    // Written in Node (this very node, by its own path) so the test names no system binary.
    const recorder = `require('node:fs').writeFileSync(${JSON.stringify(record)}, process.argv.slice(1).join('\\n') + '\\n')`;
    await writeFile(path.join(bin, 'xdg-open'), `#!${process.execPath}\n${recorder}\n`);
    await chmod(path.join(bin, 'xdg-open'), 0o755);
    const serve = spawn(process.execPath, [TETHER_BIN, 'serve'], {
      env: { ...home.env, PATH: `${bin}:${home.env['PATH'] ?? ''}` },
    });
    try {
      const [, token] = await waitForOutput(serve, /\/\?token=([\w-]+)/);
      await expect
        .poll(() => readFile(record, 'utf8').catch(() => ''), { timeout: 10_000 })
        .toContain('code=');
      const argv = await readFile(record, 'utf8');
      expect(argv).not.toContain(token);
      const opened = argv.trim().split('\n').at(-1)!;
      expect(opened).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]+$/);
      const exchange = await get(opened);
      expect(exchange).toMatchObject({ status: 303, location: '/' });
      expect(exchange.cookie).toContain(`tether_token=${token}`);
      // What another user copied from the process list is worthless after the exchange.
      expect((await get(opened)).status).toBe(401);
    } finally {
      await stopChild(serve);
    }
  });
});
