import { execFile } from 'node:child_process';
import { readdir, readlink } from 'node:fs/promises';
import type net from 'node:net';

/** Whether a process claiming `pid` in its `hello` holds the other end of the connection. */
export type PeerCheck = 'peer' | 'not-peer' | 'unknown';

const SS_TIMEOUT_MS = 2000;

/**
 * Checks a claimed pid against the control socket's peer, where the OS lets plain Node see it.
 *
 * Node exposes no SO_PEERCRED. On Linux the kernel answers the same question through sock_diag, which
 * `ss -x` (iproute2) prints: for our accepted socket's inode it gives the peer socket's inode. The
 * claimed pid is the peer when `/proc/<pid>/fd` holds that socket. One `ss` run per `hello` (~10 ms)
 * is cheap because proxies connect rarely. Where any part is missing (not Linux, no `ss`, no fd, an
 * unreadable `/proc`), the answer is `unknown` and the claim stands unverified: the socket is
 * owner-only, so the claimant is at least the same user.
 */
export async function checkClaimedPid(
  socket: net.Socket,
  pid: number,
  platform: NodeJS.Platform = process.platform,
): Promise<PeerCheck> {
  if (platform !== 'linux' || !Number.isSafeInteger(pid) || pid <= 0) return 'unknown';
  const fd = (socket as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) return 'unknown';
  const own = socketInode(await readlink(`/proc/self/fd/${fd}`).catch(() => ''));
  if (!own) return 'unknown';
  const peer = peerInodeOf(own, await runSs());
  if (!peer) return 'unknown';
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not-peer' : 'unknown';
  }
  for (const entry of fds) {
    const target = await readlink(`/proc/${pid}/fd/${entry}`).catch(() => '');
    if (socketInode(target) === peer) return 'peer';
  }
  return 'not-peer';
}

/** `socket:[123]` → `123`. */
function socketInode(link: string): string | undefined {
  return /^socket:\[(\d+)\]$/.exec(link)?.[1];
}

/**
 * The peer inode of the socket with inode `own` in `ss -xnH` output. Lines end with
 * `<local address> <local inode> <peer address> <peer inode>`; the local address may hold spaces (a
 * data folder path), the peer of an accepted connection is unnamed (`*`), so fields count from the end.
 */
export function peerInodeOf(own: string, ssOutput: string): string | undefined {
  for (const line of ssOutput.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length >= 4 && fields.at(-3) === own && /^\d+$/.test(fields.at(-1) ?? ''))
      return fields.at(-1);
  }
  return undefined;
}

/** `ss` is in /usr/bin on Debian, in /usr/sbin elsewhere, and a desktop app's PATH may miss both. */
const SS_CANDIDATES = ['ss', '/usr/sbin/ss', '/sbin/ss'];

async function runSs(): Promise<string> {
  for (const command of SS_CANDIDATES) {
    const output = await new Promise<string | undefined>((resolve) => {
      execFile(
        command,
        ['-xnH'],
        { timeout: SS_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } },
        (error, stdout) => resolve(error ? undefined : stdout),
      );
    });
    if (output !== undefined) return output;
  }
  return '';
}
