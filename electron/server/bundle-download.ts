import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { bundleDownloadPath } from '../../shared/logs-contract.js';
import type { TetherService } from '../core/service.js';
import { bundleArchive } from '../core/log-viewer/support-bundles.js';

/** Requests under this path are support bundle downloads (`bundleDownloadPath`). */
export const BUNDLES_PATH_PREFIX = bundleDownloadPath('');

/**
 * Streams a support bundle the service made (`bundle:create`) as an attachment. Called only after
 * the access guard allowed the request; ids that are not bundle file names are refused.
 */
export async function serveBundleDownload(
  response: ServerResponse,
  service: TetherService,
  pathname: string,
): Promise<void> {
  let id = '';
  try {
    id = decodeURIComponent(pathname.slice(BUNDLES_PATH_PREFIX.length));
  } catch {
    // a malformed escape is simply not a bundle id
  }
  const { dataDir } = await service.handlers['app:info']({});
  const file = bundleArchive(dataDir, id);
  const size = file
    ? await stat(file).then(
        (info) => info.size,
        () => undefined,
      )
    : undefined;
  if (!file || size === undefined) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end('No such bundle.\n');
    return;
  }
  response.writeHead(200, {
    'Content-Type': 'application/gzip',
    'Content-Length': String(size),
    'Content-Disposition': `attachment; filename="${id}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  createReadStream(file).pipe(response);
}
