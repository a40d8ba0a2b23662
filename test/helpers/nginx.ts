import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './free-port.js';
import { systemTool } from './system-tools.js';

/** One access-log line: how long nginx kept the request open and what it answered. */
export type NginxAccess = { method: string; status: number; seconds: number; uri: string };

export type Nginx = {
  port: number;
  url(pathname?: string): string;
  accessLog(): Promise<NginxAccess[]>;
  errorLog(): Promise<string>;
  stop(): Promise<void>;
};

/**
 * Real nginx (wherever the preflight found it: Debian's package, Homebrew's) as a reverse proxy in front of `upstreamPort`, run as the current
 * user from a temp prefix.
 *
 * `proxy_read_timeout` is the idle cut the proxy must survive: nginx closes a response once the
 * upstream has been silent that long, exactly like an ingress in front of a real MCP server.
 */
export async function startNginx(options: {
  upstreamPort: number;
  readTimeoutSeconds: number;
}): Promise<Nginx> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tether-nginx-'));
  const port = await freePort();
  const config = `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 256; }
http {
  log_format timing '$request_method $status $request_time $request_uri';
  access_log ${dir}/access.log timing;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 128m;
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://127.0.0.1:${options.upstreamPort};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_cache off;
      proxy_read_timeout ${options.readTimeoutSeconds}s;
    }
  }
}
`;
  await writeFile(path.join(dir, 'nginx.conf'), config);
  const child: ChildProcess = spawn(
    systemTool('nginx'),
    ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitForPort(port, 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`nginx did not start: ${stderr}`, { cause: error });
  }

  return {
    port,
    url: (pathname = '/mcp') => `http://127.0.0.1:${port}${pathname}`,
    accessLog: async () => {
      const text = await readFile(path.join(dir, 'access.log'), 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => {
          const [method = '', status = '0', seconds = '0', uri = ''] = line.split(' ');
          return { method, status: Number(status), seconds: Number(seconds), uri };
        });
    },
    errorLog: () => readFile(path.join(dir, 'error.log'), 'utf8').catch(() => ''),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGQUIT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
