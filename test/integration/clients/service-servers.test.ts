import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ServersChanged } from '../../../shared/server-model.js';
import { dispatchInvoke } from '../../../electron/core/api-dispatch.js';
import { silentLogger } from '../../../electron/core/logger.js';
import { startService, type TetherService } from '../../../electron/core/service.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

let home: TempHome;
let service: TetherService;

beforeAll(async () => {
  home = await createTempHome();
  await writeFile(
    path.join(home.home, '.claude.json'),
    JSON.stringify({ mcpServers: { first: { type: 'http', url: 'http://127.0.0.1:9/mcp' } } }, null, 2),
  );
  service = await startService({
    dataDir: home.dataDir,
    mode: 'headless',
    platform: process.platform,
    logger: silentLogger,
    pathEnv: { env: home.env, platform: process.platform, homeDir: home.home },
    logs: false,
    clients: { debounceMs: 30, rescanMs: 0 },
  });
});
afterAll(async () => {
  await service.stop();
  await home.cleanup();
});

it('serves the live server list through the contract and announces config changes', async () => {
  const listed = await dispatchInvoke(service.handlers, 'servers:list', {});
  expect(listed).toMatchObject({ ok: true, data: { servers: [{ name: 'first', client: 'claude-code' }] } });

  const seen: ServersChanged[] = [];
  const unsubscribe = service.subscribe('servers:changed', (payload) => seen.push(payload));
  const file = path.join(home.home, '.claude.json');
  await writeFile(
    `${file}.tmp`,
    JSON.stringify({ mcpServers: { first: { type: 'http', url: 'http://127.0.0.1:9/mcp' }, second: { command: 'x' } } }),
  );
  await rename(`${file}.tmp`, file);
  const deadline = Date.now() + 5000;
  while (seen.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  unsubscribe();
  expect(seen[0]?.changes.map((change) => `${change.kind} ${change.server.name}`)).toEqual(['added second']);
  const after = await service.handlers['servers:list']({});
  expect(after.servers.map((server) => server.name)).toEqual(['first', 'second']);
});
