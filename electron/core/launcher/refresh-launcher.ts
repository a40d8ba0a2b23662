import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProxyRuntime } from '../config/proxy-command.js';
import { launcherPath, launcherScript } from './launcher-script.js';

/** What a refresh did: nothing (already current), wrote a new launcher, or repointed a stale one. */
export type LauncherRefresh = { path: string; outcome: 'unchanged' | 'created' | 'repaired' };

/**
 * Makes `<dataDir>/bin/tether-proxy` point at `runtime`: the app and every `tether` command (but
 * `proxy`, whose start-up time counts) call this on start, so a moved or reinstalled Tether repairs
 * its launcher by being started. Writes only when the content differs, atomically (a client may be
 * starting the launcher right now), executable by the owner only.
 */
export async function refreshLauncher(
  dataDir: string,
  runtime: ProxyRuntime,
  platform: NodeJS.Platform = process.platform,
): Promise<LauncherRefresh> {
  const file = launcherPath(dataDir, platform);
  const wanted = launcherScript(runtime, platform);
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current === wanted) return { path: file, outcome: 'unchanged' };
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, wanted, { mode: 0o700 });
  await chmod(temp, 0o700);
  await rename(temp, file);
  return { path: file, outcome: current === undefined ? 'created' : 'repaired' };
}
