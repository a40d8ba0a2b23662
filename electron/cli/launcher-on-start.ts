import { currentProxyRuntime } from '../core/config/proxy-command.js';
import { refreshLauncher } from '../core/launcher/refresh-launcher.js';
import { currentPathEnv, ensureDataDir, resolveDataDir } from '../core/paths.js';

/**
 * Repoints `<dataDir>/bin/tether-proxy` at this install. Every `tether` command but `proxy` runs it
 * at start, so starting a moved or reinstalled Tether once repairs every wrapped server. Failures
 * are quiet: the command the user asked for matters more, and the next start tries again.
 */
export async function refreshLauncherOnStart(): Promise<void> {
  const dataDir = resolveDataDir(currentPathEnv());
  await ensureDataDir(dataDir);
  await refreshLauncher(dataDir, await currentProxyRuntime());
}
