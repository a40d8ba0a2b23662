import type { ServerRecord } from '../../../shared/server-model.js';
import type { ClientPathEnv } from '../clients/client-paths.js';
import { isObject } from '../../../shared/json-object.js';
import { assertSingleEntry } from './duplicate-keys.js';
import { entryAt, entryRange, sameJson } from './entry-text.js';
import { findServer, ServerSelectionError, type ServerSelector } from './find-server.js';
import { spliceJsonEdits } from './json-edit.js';
import { launcherCommand } from '../launcher/launcher-script.js';
import { refreshLauncher } from '../launcher/refresh-launcher.js';
import type { ProxyRuntime } from './proxy-command.js';
import { safeEdit, type SafeEditResult } from './safe-edit.js';
import { joinSplices } from './text-splice.js';
import { replaceTomlServer, restoreTomlBlock, serverBlockText } from './toml-edit.js';
import { reconstructOriginal, wrapEntry } from './wrap-entry.js';
import { loadOriginal, saveOriginal } from './wrapped-store.js';

/** What wrapServer needs: where the clients' files are, the data folder and how to start `tether proxy`. */
export type WrapOptions = {
  pathEnv: ClientPathEnv;
  dataDir: string;
  /** The install the launcher points at (refreshed before the entry is written). */
  runtime: ProxyRuntime;
  /** The OS whose launcher the entry names; this process's by default. */
  platform?: NodeJS.Platform;
  dryRun?: boolean;
  /** For an entry with `oauth.clientId`: the environment variable holding the client secret (its name only is written). */
  clientSecretEnv?: string;
};

/** What a wrap or unwrap did: the record it acted on, the entry before and after, and the file edit. */
export type WrapOutcome = {
  record: ServerRecord;
  entryBefore: unknown;
  entryAfter: unknown;
  edit: SafeEditResult;
};

/**
 * Replaces a server's entry, in place (same name, same position), with one that runs `tether proxy`
 * for the same upstream. The original is saved in the data folder for an exact unwrap.
 */
export async function wrapServer(selector: ServerSelector, options: WrapOptions): Promise<WrapOutcome> {
  const record = await findServer(options.pathEnv, selector);
  if (record.wrapped)
    throw new ServerSelectionError('already_wrapped', `"${record.name}" is already wrapped`);
  // The entry runs the stable launcher in the data folder, never this install's path: moving or
  // reinstalling Tether then breaks nothing (electron/core/launcher/).
  const platform = options.platform ?? process.platform;
  if (!options.dryRun) await refreshLauncher(options.dataDir, options.runtime, platform);
  const launch = launcherCommand(options.dataDir, platform);
  let entryBefore: unknown;
  let entryAfter: unknown;
  let originalText: string | undefined;
  const edit = await safeEdit({
    client: record.client,
    configPath: record.configPath,
    format: formatOf(record),
    dataDir: options.dataDir,
    reason: `wrap ${record.name}`,
    dryRun: options.dryRun ?? false,
    transform: (text) => {
      // Re-read under the lock: wrap what the file holds now, not what discovery saw.
      if (formatOf(record) === 'json') assertSingleEntry(record.configPath, text, record.location);
      entryBefore = entryAt(record.configPath, text, formatOf(record), record.location);
      if (entryBefore === undefined)
        throw new ServerSelectionError('not_found', `"${record.name}" vanished from ${record.configPath}`);
      entryAfter = wrapEntry(record.client, record.name, entryBefore, launch, {
        ...(options.clientSecretEnv !== undefined ? { clientSecretEnv: options.clientSecretEnv } : {}),
      });
      if (formatOf(record) === 'toml') {
        originalText = serverBlockText(text, record.name);
        return replaceTomlServer(record.configPath, text, record.name, entryAfter as Record<string, unknown>);
      }
      // The entry's exact bytes (a one-line entry, its own spacing): unwrap puts them back as they were.
      const range = entryRange(text, record.location);
      originalText = range ? text.slice(range.start, range.end) : undefined;
      return spliceJsonEdits(record.configPath, text, [{ path: record.location, value: entryAfter }]);
    },
  });
  if (!options.dryRun && edit.changed) {
    await saveOriginal(options.dataDir, {
      identity: { client: record.client, scope: record.scope, project: record.project, name: record.name },
      configPath: record.configPath,
      location: record.location,
      original: entryBefore,
      ...(originalText === undefined ? {} : { originalText }),
      wrappedAt: new Date().toISOString(),
    });
  }
  return { record, entryBefore, entryAfter, edit };
}

/** Puts the original entry back exactly (from the data folder, else rebuilt from the proxy arguments). */
export async function unwrapServer(
  selector: ServerSelector,
  options: Omit<WrapOptions, 'runtime'>,
): Promise<WrapOutcome> {
  const record = await findServer(options.pathEnv, selector);
  if (!record.wrapped) throw new ServerSelectionError('not_wrapped', `"${record.name}" is not wrapped`);
  const identity = { client: record.client, scope: record.scope, project: record.project, name: record.name };
  const stored = await loadOriginal(options.dataDir, identity, record.configPath);
  let entryBefore: unknown;
  let entryAfter: unknown;
  const edit = await safeEdit({
    client: record.client,
    configPath: record.configPath,
    format: formatOf(record),
    dataDir: options.dataDir,
    reason: `unwrap ${record.name}`,
    dryRun: options.dryRun ?? false,
    transform: (text) => {
      if (formatOf(record) === 'json') assertSingleEntry(record.configPath, text, record.location);
      entryBefore = entryAt(record.configPath, text, formatOf(record), record.location);
      if (!isObject(entryBefore))
        throw new ServerSelectionError('not_found', `"${record.name}" vanished from ${record.configPath}`);
      entryAfter = stored?.original ?? reconstructOriginal(record.client, entryBefore);
      if (formatOf(record) === 'toml') {
        return stored?.originalText
          ? restoreTomlBlock(record.configPath, text, record.name, stored.originalText)
          : replaceTomlServer(record.configPath, text, record.name, entryAfter as Record<string, unknown>);
      }
      const exact = stored?.originalText;
      const range = exact === undefined ? undefined : entryRange(text, record.location);
      if (exact !== undefined && range && sameJson(parseOrUndefined(exact), entryAfter)) {
        const splices = [{ start: range.start, end: range.end, text: exact }];
        return { text: joinSplices(text, splices), splices };
      }
      return spliceJsonEdits(record.configPath, text, [{ path: record.location, value: entryAfter }]);
    },
  });
  return { record, entryBefore, entryAfter, edit };
}

function formatOf(record: ServerRecord): 'json' | 'toml' {
  return record.client === 'codex' ? 'toml' : 'json';
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
