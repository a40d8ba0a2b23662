import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseProxyInvocation, PROXY_NODE_FLAGS } from '../../../electron/core/config/proxy-command.js';
import {
  launcherCommand,
  launcherMissingLine,
  launcherPath,
  launcherScript,
} from '../../../electron/core/launcher/launcher-script.js';
import { refreshLauncher } from '../../../electron/core/launcher/refresh-launcher.js';

const nodeRuntime = {
  kind: 'node' as const,
  nodePath: '/opt/node/bin/node',
  tetherBin: "/opt/it's tether/bin/tether.mjs",
};
const appRuntime = {
  kind: 'electron' as const,
  executablePath: 'C:\\Users\\me\\AppData\\Local\\Programs\\Tether\\Tether.exe',
  tetherBin: 'C:\\Users\\me\\AppData\\Local\\Programs\\Tether\\resources\\app.asar.unpacked\\bin\\tether.mjs',
};

describe('launcher content', () => {
  it('POSIX: execs node with the proxy memory flags, passes every argument, quotes paths', () => {
    const text = launcherScript(nodeRuntime, 'linux');
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(text).toContain(`executable='/opt/node/bin/node'`);
    expect(text).toContain(`script='/opt/it'\\''s tether/bin/tether.mjs'`);
    expect(text).toContain(`exec "$executable" ${PROXY_NODE_FLAGS.join(' ')} "$script" proxy "$@"`);
    expect(text).not.toContain('ELECTRON_RUN_AS_NODE');
    expect(text).toContain('>&2');
  });

  it('Windows: a .cmd with CRLF, Node mode for the app executable, %% for literal percent', () => {
    const text = launcherScript(
      { ...appRuntime, tetherBin: appRuntime.tetherBin.replace('me', 'me%20') },
      'win32',
    );
    expect(text.split('\r\n')[0]).toBe('@echo off');
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text).toContain('set "ELECTRON_RUN_AS_NODE=1"');
    expect(text).toContain('me%%20');
    expect(text).toContain(`"%TETHER_EXECUTABLE%" ${PROXY_NODE_FLAGS.join(' ')} "%TETHER_SCRIPT%" proxy %*`);
    expect(text).toContain('1>&2');
  });

  it('the missing-install line names the fix', () => {
    expect(launcherMissingLine('/gone/bin/tether.mjs')).toMatch(
      /no longer installed at \/gone\/bin\/tether\.mjs\. Fix: start Tether once/,
    );
  });

  it('paths and the wrapped entry command; a launcher entry is recognised as wrapped', () => {
    expect(launcherPath('/home/me/.config/Tether', 'linux')).toBe('/home/me/.config/Tether/bin/tether-proxy');
    expect(launcherPath('C:\\Users\\me\\AppData\\Roaming\\Tether', 'win32')).toBe(
      'C:\\Users\\me\\AppData\\Roaming\\Tether\\bin\\tether-proxy.cmd',
    );
    const launch = launcherCommand('/data', 'darwin');
    expect(launch).toEqual({ command: '/data/bin/tether-proxy', args: [], env: {} });
    expect(parseProxyInvocation(launch.command, ['--name', 'x', '--', 'npx', '-y', 'srv'])).toEqual({
      transport: 'stdio',
      url: null,
      command: 'npx',
      args: ['-y', 'srv'],
    });
    expect(
      parseProxyInvocation('C:\\d\\bin\\tether-proxy.cmd', ['--name', 'x', 'https://h/mcp']),
    ).toMatchObject({
      transport: 'http',
      url: 'https://h/mcp',
    });
  });
});

describe('launcher repair', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tether-launcher-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('creates, leaves a current launcher alone, repoints a stale one', async () => {
    const first = await refreshLauncher(dataDir, nodeRuntime, 'linux');
    expect(first.outcome).toBe('created');
    expect((await stat(first.path)).mode & 0o777).toBe(0o700);
    expect((await refreshLauncher(dataDir, nodeRuntime, 'linux')).outcome).toBe('unchanged');
    const moved = { ...nodeRuntime, tetherBin: '/srv/tether/bin/tether.mjs' };
    expect((await refreshLauncher(dataDir, moved, 'linux')).outcome).toBe('repaired');
    expect(await readFile(first.path, 'utf8')).toBe(launcherScript(moved, 'linux'));
    await writeFile(first.path, 'edited by hand');
    expect((await refreshLauncher(dataDir, moved, 'linux')).outcome).toBe('repaired');
    expect(await readFile(first.path, 'utf8')).toBe(launcherScript(moved, 'linux'));
  });
});

describe('plain `tether proxy` (bin/tether.mjs)', () => {
  it('carries the same memory flags as wrapped entries and the launcher', async () => {
    const bin = await readFile(path.resolve(import.meta.dirname, '../../../bin/tether.mjs'), 'utf8');
    const listed = /const PROXY_NODE_FLAGS = \[([^\]]*)\]/.exec(bin)?.[1] ?? '';
    expect([...listed.matchAll(/'([^']+)'/g)].map((match) => match[1])).toEqual([...PROXY_NODE_FLAGS]);
  });
});
