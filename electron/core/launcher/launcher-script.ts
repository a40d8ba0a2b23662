import path from 'node:path';
import { PROXY_NODE_FLAGS, type LaunchCommand, type ProxyRuntime } from '../config/proxy-command.js';

/**
 * The stable launcher wrapped entries run: `<dataDir>/bin/tether-proxy` (`tether-proxy.cmd` on
 * Windows). Its path never changes; its content points at the current install, and the app and the CLI
 * rewrite it on every start (refresh-launcher.ts). Moving, upgrading or reinstalling Tether therefore
 * breaks no client config: the next start repoints the launcher. Pure, so content and repair are
 * unit-tested per platform.
 */

/** The launcher's file name: a `.cmd` on Windows (what clients can spawn without a shell), else a script. */
export function launcherFileName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'tether-proxy.cmd' : 'tether-proxy';
}

/** Where the launcher lives in the data folder. */
export function launcherPath(dataDir: string, platform: NodeJS.Platform): string {
  const paths = platform === 'win32' ? path.win32 : path.posix;
  return paths.join(dataDir, 'bin', launcherFileName(platform));
}

/** The one stderr line a launcher whose install is gone prints (clients show a server's stderr). */
export function launcherMissingLine(target: string): string {
  return (
    `tether-proxy: Tether is no longer installed at ${target}. Fix: start Tether once ` +
    '(the app, or any `tether` command of the new install) to repoint this launcher, or reinstall Tether.'
  );
}

/**
 * The launcher's text for a runtime. Both forms run the proxy with the memory flags of
 * PROXY_NODE_FLAGS (V8 sizes its heap at start-up, so they must be on the command line), pass every
 * argument through unchanged, and, when the executable or the script is gone, print
 * launcherMissingLine on stderr and exit 1 without starting anything.
 */
export function launcherScript(runtime: ProxyRuntime, platform: NodeJS.Platform): string {
  const executable = runtime.kind === 'node' ? runtime.nodePath : runtime.executablePath;
  return platform === 'win32'
    ? windowsScript(executable, runtime.tetherBin, runtime.kind === 'electron')
    : posixScript(executable, runtime.tetherBin, runtime.kind === 'electron');
}

function posixScript(executable: string, script: string, runAsNode: boolean): string {
  const quote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;
  return [
    '#!/bin/sh',
    '# Tether proxy launcher. Written by Tether on every start to point at the current install;',
    '# edits are overwritten. MCP client configs run this file, never the install itself.',
    `executable=${quote(executable)}`,
    `script=${quote(script)}`,
    'if [ ! -x "$executable" ] || [ ! -f "$script" ]; then',
    `  echo ${quote(launcherMissingLine(script))} >&2`,
    '  exit 1',
    'fi',
    ...(runAsNode ? ['ELECTRON_RUN_AS_NODE=1', 'export ELECTRON_RUN_AS_NODE'] : []),
    `exec "$executable" ${PROXY_NODE_FLAGS.join(' ')} "$script" proxy "$@"`,
    '',
  ].join('\n');
}

function windowsScript(executable: string, script: string, runAsNode: boolean): string {
  // In a batch file a literal % is written %%; paths cannot hold a double quote.
  const literal = (value: string): string => value.replaceAll('%', '%%');
  // cmd's echo needs ^ before its own operators.
  const echoText = (value: string): string => literal(value).replace(/([&|<>^()])/g, '^$1');
  return [
    '@echo off',
    'rem Tether proxy launcher. Written by Tether on every start to point at the current install;',
    'rem edits are overwritten. MCP client configs run this file, never the install itself.',
    'setlocal',
    `set "TETHER_EXECUTABLE=${literal(executable)}"`,
    `set "TETHER_SCRIPT=${literal(script)}"`,
    'if not exist "%TETHER_EXECUTABLE%" goto missing',
    'if not exist "%TETHER_SCRIPT%" goto missing',
    ...(runAsNode ? ['set "ELECTRON_RUN_AS_NODE=1"'] : []),
    `"%TETHER_EXECUTABLE%" ${PROXY_NODE_FLAGS.join(' ')} "%TETHER_SCRIPT%" proxy %*`,
    'exit /b %ERRORLEVEL%',
    ':missing',
    `echo ${echoText(launcherMissingLine(script))} 1>&2`,
    'exit /b 1',
    '',
  ].join('\r\n');
}

/** What a wrapped entry runs: the launcher, then the proxy's own arguments (it adds `proxy`). */
export function launcherCommand(dataDir: string, platform: NodeJS.Platform): LaunchCommand {
  return { command: launcherPath(dataDir, platform), args: [], env: {} };
}
