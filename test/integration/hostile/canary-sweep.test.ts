import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js';
import { spawnStdioServer, type StdioClient } from '../../helpers/mcp-stdio-client.js';
import {
  REFERENCE_SERVER_ENTRY,
  startReferenceServer,
  type ReferenceServer,
} from '../../helpers/reference-server.js';
import { runCli, stopChild } from '../../helpers/run-cli.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';
import { invokeOnce, startServe } from './serve-client.js';

/** Credentials a remote entry carries: none may reach a command line, an output, a file or an answer. */
const REMOTE = { auth: 'CanaryAuth7f3a9', tenant: 'CanaryTenant7f3a9', query: 'CanaryQuery7f3a9' };
/** Credentials of a stdio entry and its stderr: hidden in every output (its own argv is its business). */
const STDIO = { arg: 'CanaryArg7f3a9', argEq: 'CanaryArgEq7f3a9', stderr: 'CanaryStderr7f3a9' };
const DOCTOR = 'CanaryDoctor7f3a9';
const ALL = [...Object.values(REMOTE), ...Object.values(STDIO), DOCTOR];
const PROBE_USER = 'tetherprobe';

/** Where each canary turned up; the sweep's one assertion is that this stays empty. */
const found: string[] = [];
const sweep = (where: string, text: string, canaries: readonly string[] = ALL): void => {
  for (const canary of canaries) if (text.includes(canary)) found.push(`${canary} in ${where}`);
};

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** `ps -eo args` as another local user: what anyone on the machine can read. */
function psAsAnotherUser(): string {
  try {
    execFileSync('id', [PROBE_USER], { stdio: 'ignore' });
  } catch {
    // A locked system account (no password): runuser needs no login shell for it.
    execFileSync('useradd', ['--system', '--no-create-home', PROBE_USER]);
  }
  return execFileSync('runuser', ['-u', PROBE_USER, '--', 'ps', '-eo', 'args'], { encoding: 'utf8' });
}

describe('canary sweep: no secret leaves in clear', () => {
  let home: TempHome;
  let server: ReferenceServer;
  let faults: FaultProxy;
  const clients: StdioClient[] = [];
  let originalBytes: Buffer;

  beforeAll(async () => {
    home = await createTempHome();
    server = await startReferenceServer();
    faults = await startFaultProxy(server);
    const script = path.join(home.home, 'noisy-server.mjs');
    await writeFile(
      script,
      `process.stderr.write('starting; Authorization: Bearer ${STDIO.stderr}\\n');\n` +
        `process.argv = [process.argv[0], ${JSON.stringify(REFERENCE_SERVER_ENTRY)}, 'stdio'];\n` +
        `await import(${JSON.stringify(REFERENCE_SERVER_ENTRY)});\n`,
    );
    const config = {
      mcpServers: {
        'canary-remote': {
          type: 'http',
          url: `${faults.url('/mcp')}?api_key=${REMOTE.query}`,
          headers: { Authorization: `Bearer ${REMOTE.auth}`, 'X-Tenant-Key': REMOTE.tenant },
        },
        'canary-stdio': {
          type: 'stdio',
          command: process.execPath,
          args: [script, '--api-key', STDIO.arg, `--token=${STDIO.argEq}`],
        },
      },
    };
    await writeFile(path.join(home.home, '.claude.json'), `${JSON.stringify(config, null, 2)}\n`);
    originalBytes = await readFile(path.join(home.home, '.claude.json'));
  });
  afterAll(async () => {
    for (const client of clients) await client.kill();
    await faults?.close();
    await server?.stop();
    await home?.cleanup();
  });

  const spawnWrapped = async (name: string): Promise<StdioClient> => {
    const config = JSON.parse(await readFile(path.join(home.home, '.claude.json'), 'utf8')) as {
      mcpServers: Record<string, { command: string; args: string[]; env?: Record<string, string> }>;
    };
    const entry = config.mcpServers[name]!;
    // As Claude Code starts it: the entry's command, args and env.
    const client = spawnStdioServer([entry.command, ...entry.args], { env: { ...home.env, ...entry.env } });
    clients.push(client);
    await client.initialize();
    return client;
  };

  it('wrap, servers (text and --json), doctor and the bundle print no canary', async () => {
    for (const args of [
      ['wrap', 'canary-remote'],
      ['wrap', 'canary-stdio'],
      ['wrap', 'canary-remote', '--dry-run'],
      ['servers'],
      ['servers', '--json'],
    ]) {
      const run = await runCli(args, home.env);
      sweep(`tether ${args.join(' ')}`, run.stdout + run.stderr);
    }
    const doctor = await runCli(
      ['doctor', faults.url('/mcp'), '--header', `X-Custom: ${DOCTOR}`, '--timeout', '5'],
      home.env,
    );
    sweep('tether doctor output', doctor.stdout + doctor.stderr);
    expect(originalBytes.toString()).toContain(REMOTE.auth); // the sweep has something to find
  });

  it('a running wrapped proxy reaches its upstream with the credentials, and no user sees them in ps', async () => {
    const remote = await spawnWrapped('canary-remote');
    const stdio = await spawnWrapped('canary-stdio');
    const echo = await remote.callTool('echo', { message: 'through' });
    expect(JSON.stringify(echo)).toContain('Echo: through');
    expect(JSON.stringify(await stdio.callTool('echo', { message: 'local' }))).toContain('Echo: local');
    const upstreamSaw = faults.requests.find((request) => request.rpcMethod === 'tools/call');
    expect(upstreamSaw?.headers['authorization']).toBe(`Bearer ${REMOTE.auth}`);
    expect(upstreamSaw?.headers['x-tenant-key']).toBe(REMOTE.tenant);
    expect(upstreamSaw?.path).toContain(`api_key=${REMOTE.query}`);
    const ps = psAsAnotherUser();
    expect(ps).toContain('proxy --name canary-remote'); // the proxy is there to be seen
    // The stdio server's own argv is its own (it had it before wrapping); the proxy's remote canaries are not.
    sweep(`ps -eo args as ${PROBE_USER}`, ps, Object.values(REMOTE));
    sweep('/proc/PID/cmdline of the remote proxy', await readFile(`/proc/${remote.pid}/cmdline`, 'utf8'));
    await stdio.waitForStderr(/noisy-server|stderr\]/, 10_000).catch(() => '');
    sweep('remote proxy stderr', remote.stderrLines.join('\n'));
    sweep('stdio proxy stderr', stdio.stderrLines.join('\n'));
    expect(stdio.stderrLines.join('\n')).toMatch(/Authorization: Bearer \[REDACTED\]/);
  });

  it('journals, reports, the bundle and the service API hold no canary; unwrap restores the bytes', async () => {
    for (const root of ['proxies', 'doctor', 'logs'])
      for (const file of await filesUnder(path.join(home.dataDir, root)))
        sweep(`data folder ${path.relative(home.dataDir, file)}`, await readFile(file, 'utf8'));
    const out = path.join(home.home, 'bundle.tar.gz');
    const bundle = await runCli(['bundle', '--out', out], home.env);
    expect(bundle.code).toBe(0);
    const unpacked = path.join(home.home, 'bundle');
    await mkdir(unpacked);
    await extract({ file: out, cwd: unpacked });
    const bundled = await filesUnder(unpacked);
    expect(bundled.length).toBeGreaterThan(2);
    for (const file of bundled)
      sweep(`bundle ${path.relative(unpacked, file)}`, await readFile(file, 'utf8'));
    const serve = await startServe(home);
    try {
      for (const channel of ['servers:list', 'timeline:list', 'app:info'])
        sweep(`API ${channel}`, JSON.stringify(await invokeOnce(serve, channel)));
    } finally {
      await stopChild(serve.child);
    }
    expect(found).toEqual([]);
    for (const client of clients.splice(0)) await client.kill();
    const wrapped = JSON.parse(await readFile(path.join(home.home, '.claude.json'), 'utf8')) as {
      mcpServers: Record<string, { args: string[]; env: Record<string, string> }>;
    };
    const remote = wrapped.mcpServers['canary-remote']!;
    sweep('the wrapped entry args', JSON.stringify(remote.args), Object.values(REMOTE));
    expect(Object.values(remote.env).join(' ')).toContain(REMOTE.auth); // in env, the owner's only
    for (const name of ['canary-remote', 'canary-stdio'])
      expect((await runCli(['unwrap', name], home.env)).code).toBe(0);
    expect(found).toEqual([]);
    expect(await readFile(path.join(home.home, '.claude.json'))).toEqual(originalBytes);
  });
});
