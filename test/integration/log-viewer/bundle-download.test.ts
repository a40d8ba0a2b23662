import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchInvoke } from '../../../electron/core/api-dispatch.js';
import { silentLogger } from '../../../electron/core/logger.js';
import {
  startHeadlessDashboard,
  type HeadlessDashboard,
} from '../../../electron/server/headless-dashboard.js';
import type { BundleSummary } from '../../../shared/logs-contract.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; bytes: Buffer };

function get(port: number, pathAndQuery: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathAndQuery, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** The support bundle's HTTP download under `tether serve`: the access guard first, then only bundle ids. */
describe('support bundle download route', () => {
  let home: TempHome;
  let dashboard: HeadlessDashboard;
  let bundle: BundleSummary;
  let host: string;

  beforeAll(async () => {
    home = await createTempHome();
    dashboard = await startHeadlessDashboard({
      dataDir: home.dataDir,
      rendererDir: path.resolve('dist/renderer'),
      logger: silentLogger,
      pathEnv: { env: home.env, platform: process.platform, homeDir: home.home },
    });
    host = `127.0.0.1:${dashboard.web.port}`;
    const created = await dispatchInvoke(dashboard.service.handlers, 'bundle:create', {});
    expect(created.ok).toBe(true);
    bundle = (created as { ok: true; data: BundleSummary }).data;
  });
  afterAll(async () => {
    await dashboard.stop();
    await home.cleanup();
  });

  it('serves the archive with the token, as an attachment', async () => {
    const answer = await get(dashboard.web.port, `/api/bundles/${bundle.id}`, {
      host,
      authorization: `Bearer ${dashboard.web.token}`,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-disposition']).toBe(`attachment; filename="${bundle.id}"`);
    expect(answer.bytes.length).toBe(bundle.bytes);
    expect(answer.bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip
    const viaApi = await dispatchInvoke(dashboard.service.handlers, 'bundle:download', { id: bundle.id });
    expect(Buffer.from((viaApi as { ok: true; data: { base64: string } }).data.base64, 'base64')).toEqual(
      answer.bytes,
    );
  });

  it('refuses without the token, from a foreign host, and for anything that is not a bundle id', async () => {
    expect((await get(dashboard.web.port, `/api/bundles/${bundle.id}`, { host })).status).toBe(401);
    const foreign = await get(dashboard.web.port, `/api/bundles/${bundle.id}?token=${dashboard.web.token}`, {
      host: 'evil.example:80',
    });
    expect(foreign.status).toBe(403);
    const auth = { host, authorization: `Bearer ${dashboard.web.token}` };
    for (const id of ['..%2F..%2Fsecrets.json', 'tether-bundle-x.tar.gz', '%E0%A4%A', 'manifest.json'])
      expect((await get(dashboard.web.port, `/api/bundles/${id}`, auth)).status).toBe(404);
  });
});
