import { discoverServers } from '../../clients/discover.js';
import type { Collector } from '../collector.js';

/** `servers.json`: every server of every client, as `tether servers --json` sees them. */
export const discoveryCollector: Collector = {
  name: 'servers',
  async collect({ pathEnv }) {
    const discovery = await discoverServers(pathEnv);
    return [{ path: 'servers.json', content: JSON.stringify(discovery) }];
  },
};
