import { spawn } from 'node:child_process';
import net from 'node:net';

export type SynBlackHole = { port: number; close(): Promise<void> };

/**
 * A loopback port whose SYNs go unanswered, as behind a firewall that drops packets: `connect()` neither
 * succeeds nor fails until the caller's own timeout.
 *
 * A child node listens with a backlog of 1 and then blocks its event loop for good, so it never
 * accepts; once the accept queue is full, Linux drops every further SYN (no root, no iptables).
 */
export async function startSynBlackHole(): Promise<SynBlackHole> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `require('node:net').createServer().listen(0, '127.0.0.1', 1, function () {
         process.stdout.write(this.address().port + '\\n', () =>
           Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0));
       });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`SYN black hole exited (${code})`)));
  });
  // Fill the accept queue (backlog + 1 entries): these connections complete, the kernel having done the
  // handshake; the first one that does not is the proof that SYNs are now dropped.
  const fillers: net.Socket[] = [];
  for (;;) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    fillers.push(socket);
    const connected = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(true));
      setTimeout(() => resolve(false), 300);
    });
    if (!connected) break;
    if (fillers.length > 16) throw new Error('SYN black hole: the accept queue never filled');
  }
  return {
    port,
    close: async () => {
      for (const socket of fillers) socket.destroy();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
