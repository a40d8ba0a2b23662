import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

/** One sample of an instant query: the series' labels and its value. */
export type PromSample = { metric: Record<string, string>; value: number };

export type Prometheus = {
  url: string;
  /** An instant query through the HTTP API (`/api/v1/query`). */
  query(expr: string): Promise<PromSample[]>;
  /** The scrape targets' health (`/api/v1/targets`): `up`, last error. */
  targets(): Promise<Array<{ health: string; lastError: string; scrapeUrl: string }>>;
  stop(): Promise<void>;
};

/** `prometheus` from PATH (Debian's `prometheus` package; the preflight installs it). */
function findPrometheus(): string {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'prometheus');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error('prometheus is not on PATH (Debian: apt-get install prometheus; .ci/run installs it)');
}

/**
 * A real Prometheus server on a free loopback port, with its own config and data folder, scraping
 * `target` every second with the bearer token in `tokenFile` (as a fleet's Prometheus would).
 */
export async function startPrometheus(options: { target: string; tokenFile: string }): Promise<Prometheus> {
  const binary = findPrometheus();
  const dir = await mkdtemp(path.join(tmpdir(), 'tether-prometheus-'));
  const port = await freePort();
  const config = `
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: tether
    metrics_path: /metrics
    authorization:
      type: Bearer
      credentials_file: ${options.tokenFile}
    static_configs:
      - targets: ['${options.target}']
`;
  await writeFile(path.join(dir, 'prometheus.yml'), config);
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async query(expr) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await response.json()) as {
        status: string;
        error?: string;
        data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
      };
      if (body.status !== 'success')
        throw new Error(`query ${expr} failed: ${body.error ?? response.status}`);
      return (body.data?.result ?? []).map((row) => ({ metric: row.metric, value: Number(row.value[1]) }));
    },
    async targets() {
      const response = await fetch(`${url}/api/v1/targets`);
      const body = (await response.json()) as {
        data: { activeTargets: Array<{ health: string; lastError: string; scrapeUrl: string }> };
      };
      return body.data.activeTargets;
    },
    stop,
  };
}
