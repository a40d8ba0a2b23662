import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLE_ID_PATTERN, type BundleSummary } from '../../../shared/logs-contract.js';
import { buildBundle } from '../bundle/index.js';
import type { Logger } from '../logger.js';
import type { PathEnv } from '../paths.js';

/** Bundles made from the viewer are kept here, the newest few only. */
const KEEP = 5;

/** `<dataDir>/bundles`: where the service writes the bundles the viewer asks for. */
export function bundlesDir(dataDir: string): string {
  return path.join(dataDir, 'bundles');
}

/** The archive of a bundle id, or undefined for anything that is not a bundle the service made. */
export function bundleArchive(dataDir: string, id: string): string | undefined {
  return BUNDLE_ID_PATTERN.test(id) ? path.join(bundlesDir(dataDir), id) : undefined;
}

/**
 * The support bundle as the viewer's `Create support bundle` makes it: the same redacted archive as
 * `tether bundle` (electron/core/bundle), written into the data folder, described by its manifest.
 */
export async function createSupportBundle(options: {
  dataDir: string;
  pathEnv: PathEnv;
  logger: Logger;
  now?: number;
}): Promise<BundleSummary> {
  const now = options.now ?? Date.now();
  const id = `tether-bundle-${new Date(now).toISOString().replace(/[:.]/g, '-')}.tar.gz`;
  const out = bundleArchive(options.dataDir, id)!;
  const manifest = await buildBundle({
    pathEnv: options.pathEnv,
    dataDir: options.dataDir,
    logger: options.logger,
    out,
    now,
  });
  await pruneOld(options.dataDir);
  return {
    id,
    bytes: (await stat(out)).size,
    createdAt: manifest.createdAt,
    files: manifest.files,
    errors: manifest.errors,
  };
}

/** The archive's bytes (the app window downloads through the API, not HTTP). */
export async function readSupportBundle(dataDir: string, id: string): Promise<Buffer | undefined> {
  const file = bundleArchive(dataDir, id);
  return file ? readFile(file).catch(() => undefined) : undefined;
}

async function pruneOld(dataDir: string): Promise<void> {
  const names = (await readdir(bundlesDir(dataDir)).catch(() => [] as string[]))
    .filter((name) => BUNDLE_ID_PATTERN.test(name))
    .sort();
  for (const name of names.slice(0, Math.max(0, names.length - KEEP)))
    await unlink(path.join(bundlesDir(dataDir), name)).catch(() => undefined);
}
