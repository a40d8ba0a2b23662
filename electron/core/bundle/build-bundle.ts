import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { create as createTar } from 'tar';
import { redactText } from '../redact.js';
import { DEFAULT_WINDOW, type BundleFile, type Collector, type CollectorContext } from './collector.js';
import { clientLogCollectors } from './collectors/client-logs.js';
import { doctorResultsCollector, proxyJournalsCollector } from './collectors/data-folder.js';
import { discoveryCollector } from './collectors/discovery.js';
import { systemInfoCollector } from './collectors/system-info.js';
import { timelinesCollector } from './collectors/timelines.js';
import { redactBundleFile } from './redact-file.js';

/** The collectors of a default bundle, in archive order; a new source is one more entry. */
export function defaultCollectors(): Collector[] {
  return [
    systemInfoCollector,
    discoveryCollector,
    timelinesCollector,
    doctorResultsCollector,
    proxyJournalsCollector,
    ...clientLogCollectors(),
  ];
}

/** What went into a bundle: the manifest is also written into it as `manifest.json`. */
export type BundleManifest = {
  schema: 'tether.bundle/1';
  createdAt: string;
  files: Array<{ path: string; bytes: number; collector: string }>;
  /** Collectors that failed, with the (redacted) reason; the rest of the bundle is still written. */
  errors: Array<{ collector: string; message: string }>;
};

/** What buildBundle collects (the collectors' context), where it writes it, and for which window. */
export type BundleOptions = Omit<CollectorContext, 'window' | 'now'> & {
  /** The `.tar.gz` to write. */
  out: string;
  collectors?: Collector[];
  window?: Partial<CollectorContext['window']>;
  now?: number;
  onProgress?: (collector: string) => void;
};

const ROOT = 'tether-bundle';

/**
 * Runs every collector, redacts every file in one pass, and writes one `.tar.gz` whose entries sit
 * under `tether-bundle/`. A failing collector is recorded in the manifest instead of failing the
 * bundle: a support bundle is most needed when something is broken.
 */
export async function buildBundle(options: BundleOptions): Promise<BundleManifest> {
  const context: CollectorContext = {
    pathEnv: options.pathEnv,
    dataDir: options.dataDir,
    logger: options.logger,
    window: { ...DEFAULT_WINDOW, ...options.window },
    now: options.now ?? Date.now(),
  };
  const manifest: BundleManifest = {
    schema: 'tether.bundle/1',
    createdAt: new Date(context.now).toISOString(),
    files: [],
    errors: [],
  };
  const collected: Array<{ collector: string; file: BundleFile }> = [];
  for (const collector of options.collectors ?? defaultCollectors()) {
    options.onProgress?.(collector.name);
    try {
      for (const file of await collector.collect(context))
        collected.push({ collector: collector.name, file: redactBundleFile(file) });
    } catch (error) {
      const message = redactText(error instanceof Error ? error.message : String(error));
      manifest.errors.push({ collector: collector.name, message });
      context.logger.warn(`bundle: collector ${collector.name} failed`, { message });
    }
  }
  const stage = await mkdtemp(path.join(tmpdir(), 'tether-bundle-'));
  try {
    for (const { collector, file } of collected) {
      const target = path.join(stage, ROOT, safeRelative(file.path));
      await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      await writeFile(target, file.content, { mode: 0o600 });
      manifest.files.push({ path: file.path, bytes: Buffer.byteLength(file.content), collector });
    }
    await writeFile(path.join(stage, ROOT, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, {
      mode: 0o600,
    });
    await mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
    await createTar({ gzip: true, file: options.out, cwd: stage, portable: true }, [ROOT]);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
  return manifest;
}

/** Keeps archive paths inside the bundle folder whatever a collector returns. */
function safeRelative(relative: string): string {
  return relative
    .split(/[\\/]+/)
    .filter((part) => part !== '' && part !== '.' && part !== '..')
    .map((part) => part.replace(/[<>:"|?*]/g, '-'))
    .join(path.sep);
}
