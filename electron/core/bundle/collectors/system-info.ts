import os from 'node:os';
import { TETHER_VERSION } from '../../../../shared/version.js';
import type { Collector } from '../collector.js';

/** `system.json`: Tether, Node and OS versions, the platform and the folders the bundle read. */
export const systemInfoCollector: Collector = {
  name: 'system',
  async collect({ pathEnv, dataDir, now, window }) {
    const info = {
      tetherVersion: TETHER_VERSION,
      node: process.versions.node,
      platform: pathEnv.platform,
      arch: process.arch,
      osRelease: os.release(),
      osVersion: typeof os.version === 'function' ? os.version() : null,
      createdAt: new Date(now).toISOString(),
      dataDir,
      window,
    };
    return [{ path: 'system.json', content: JSON.stringify(info) }];
  },
};
