import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import WebSocket from 'ws';
import { TETHER_BIN, waitForOutput } from '../../helpers/run-cli.js';
import type { TempHome } from '../../helpers/temp-home.js';

/** A `tether serve` child process and what a test needs to reach it. */
export type ServeProcess = { child: ChildProcess; port: number; token: string; exited: () => boolean };

export async function startServe(home: TempHome): Promise<ServeProcess> {
  const child = spawn(process.execPath, [TETHER_BIN, 'serve', '--no-open'], {
    env: home.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  const [, port, token] = await waitForOutput(child, /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+)/);
  // Keep the pipes drained so a chatty service never blocks on a full stderr pipe.
  child.stdout.resume();
  child.stderr.resume();
  return { child, port: Number(port), token: token!, exited: () => exited };
}

/** Resident set size of a process in bytes (Linux /proc). */
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** One `invoke` over a fresh authenticated WebSocket; resolves with the `result` frame's result. */
export function invokeOnce(serve: ServeProcess, channel: string, request: unknown = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${serve.port}/api/ws?token=${serve.token}`);
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`no answer to ${channel}`));
    }, 10_000);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'invoke', id: 1, channel, request })));
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { type: string; id?: number; result?: unknown };
      if (frame.type !== 'result' || frame.id !== 1) return;
      clearTimeout(timer);
      socket.close();
      resolve(frame.result);
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Sends raw bytes on a fresh TCP connection, then resets it (RST) after `delayMs`. */
export function sendAndReset(port: number, bytes: string, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(bytes);
      setTimeout(() => {
        socket.resetAndDestroy();
        resolve();
      }, delayMs);
    });
    socket.on('error', () => resolve());
  });
}

/** Sends one raw HTTP request and returns the status line the server answered with. */
export function rawStatusLine(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let seen = '';
    socket.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('\r\n')) {
        socket.destroy();
        resolve(seen.split('\r\n')[0]!);
      }
    });
    socket.on('error', () => resolve(seen.split('\r\n')[0] ?? ''));
    socket.on('close', () => resolve(seen.split('\r\n')[0] ?? ''));
  });
}
