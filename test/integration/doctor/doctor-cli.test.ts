import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultMcpServer, type Upstream } from '../../helpers/doctor-upstreams.js';
import { PassThrough } from 'node:stream';
import { buildProgram } from '../../../electron/cli/program.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

type CliRun = { code: number; stdout: string; stderr: string };

/**
 * Runs the real commander program in-process (the bundled dist depends on every engineer's build
 * being green; this does not). The environment is swapped for the temp home for the duration.
 */
async function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const program = buildProgram({ rendererDir: '.', stdout, stderr }).exitOverride();
  for (const command of program.commands) command.exitOverride();
  let code = 0;
  try {
    await program.parseAsync(['node', 'tether', ...args]);
    code = process.exitCode === 1 ? 1 : 0;
  } catch {
    code = 2;
  } finally {
    process.exitCode = undefined;
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  return { code, stdout: out, stderr: err };
}

/** `tether doctor` and `tether bundle` through the CLI program: doctor saves, bundle picks it up. */
describe('tether doctor and tether bundle (CLI)', () => {
  let home: TempHome;
  let server: Upstream;
  beforeAll(async () => {
    home = await createTempHome('tether-doctor-cli-');
    server = await startFaultMcpServer({ staleStatus: 404, bearerToken: 'cnry-cli-token-42' });
  });
  afterAll(async () => {
    await server?.close();
    await home?.cleanup();
  });

  it('probes with a ${ENV} header, prints stable JSON, never the token, and saves the report', async () => {
    const env = { ...home.env, DOCTOR_TOKEN: 'cnry-cli-token-42' };
    const run = await runCli(
      ['doctor', server.url, '--json', '--header', 'Authorization: Bearer ${DOCTOR_TOKEN}'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      schema: string;
      verdict: string;
      layers: Array<{ id: string; verdict: string }>;
    };
    expect(report.schema).toBe('tether.doctor/1');
    expect(report.verdict).toBe('pass');
    expect(report.layers.map((layer) => layer.id)).toEqual([
      'dns',
      'tcp',
      'tls',
      'initialize',
      'protocol-version',
      'tools-list',
      'wrong-accept',
      'stale-session',
      'auth',
      'idle-hold',
    ]);
    expect(run.stderr).toMatch(/doctor: initialize/);
    expect(run.stdout + run.stderr).not.toContain('cnry');
    const saved = await readdir(path.join(home.dataDir, 'doctor'));
    expect(saved).toHaveLength(1);
    expect(await readFile(path.join(home.dataDir, 'doctor', saved[0]!), 'utf8')).not.toContain('cnry');
  });

  it('exits 1 with a human report when a layer fails', async () => {
    const run = await runCli(['doctor', server.url, '--no-save'], home.env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+initialize\s+initialize refused: HTTP 401/);
    expect(run.stdout).toMatch(/PASS\s+auth/);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('rejects a header whose variable is missing before probing', async () => {
    const run = await runCli(
      ['doctor', server.url, '--header', 'Authorization: Bearer ${NOT_SET_ANYWHERE}'],
      home.env,
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/NOT_SET_ANYWHERE is not set/);
  });

  it('writes a bundle that includes the saved doctor report', async () => {
    const out = path.join(home.home, 'b.tar.gz');
    const run = await runCli(['bundle', '--out', out, '--json'], home.env);
    expect(run.code, run.stderr).toBe(0);
    const manifest = JSON.parse(run.stdout) as { files: Array<{ path: string }>; errors: unknown[] };
    expect(manifest.files.some((file) => file.path.startsWith('doctor/'))).toBe(true);
    expect(manifest.files.map((file) => file.path)).toEqual(
      expect.arrayContaining(['system.json', 'servers.json']),
    );
  });
});
