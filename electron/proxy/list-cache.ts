import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { utcTimestamp } from './utc-timestamp.js';

/**
 * The last good `initialize` result and list results of one server, persisted atomically.
 *
 * Served while the upstream is unreachable so the client keeps its tools (F9). `upstreamId` is a
 * fingerprint of the upstream (URL or command, upstream-fingerprint.ts), so a name reused for another
 * server does not serve the wrong tools.
 */
export const LIST_KINDS = ['tools', 'prompts', 'resources', 'resourceTemplates'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export const LIST_METHODS: Record<ListKind, string> = {
  tools: 'tools/list',
  prompts: 'prompts/list',
  resources: 'resources/list',
  resourceTemplates: 'resources/templates/list',
};

export const LIST_CHANGED_NOTIFICATIONS: Partial<Record<ListKind, string>> = {
  tools: 'notifications/tools/list_changed',
  prompts: 'notifications/prompts/list_changed',
  resources: 'notifications/resources/list_changed',
};

export type CacheData = {
  version: 1;
  upstreamId: string;
  savedAt: string;
  initializeResult?: Record<string, unknown>;
  lists: Partial<Record<ListKind, Record<string, unknown>>>;
};

/** The list method's kind, or undefined. */
export function listKindOf(method: string): ListKind | undefined {
  return LIST_KINDS.find((kind) => LIST_METHODS[kind] === method);
}

/** The array inside a list result (`tools`, `prompts`, ...). */
export function listItems(kind: ListKind, result: Record<string, unknown> | undefined): unknown[] {
  const key = kind === 'resourceTemplates' ? 'resourceTemplates' : kind;
  const items = result?.[key];
  return Array.isArray(items) ? items : [];
}

/**
 * Whether a freshly fetched list may replace the cached one at once.
 *
 * An empty list after a non-empty one is suspicious (server warming up, missing scope) and needs
 * confirmation; everything else is accepted.
 */
export function acceptListUpdate(
  kind: ListKind,
  cached: Record<string, unknown> | undefined,
  fresh: Record<string, unknown>,
): 'accept' | 'confirm' {
  if (listItems(kind, fresh).length === 0 && listItems(kind, cached).length > 0) return 'confirm';
  return 'accept';
}

export async function loadCache(file: string, upstreamId: string): Promise<CacheData> {
  const empty: CacheData = { version: 1, upstreamId, savedAt: utcTimestamp(0), lists: {} };
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<CacheData>;
    if (
      parsed.version !== 1 ||
      parsed.upstreamId !== upstreamId ||
      typeof parsed.lists !== 'object' ||
      !parsed.lists
    )
      return empty;
    return { ...empty, ...parsed, lists: parsed.lists };
  } catch {
    return empty;
  }
}

/**
 * Writes the cache atomically (temp file in the same folder, then rename), synchronously: it runs
 * when a list arrives, before the client sees the answer, so a proxy killed a moment later (SIGKILL
 * after SIGTERM, Codex) still leaves the list for its successor. A cache is a few KiB, written only
 * when a list changes.
 */
export function saveCache(file: string, data: CacheData): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ ...data, savedAt: utcTimestamp() }), { mode: 0o600 });
  renameSync(temp, file);
}

/**
 * The `initialize` result the client sees: the upstream's, with `listChanged: true` on each list
 * capability, because Claude Code honours list_changed only when it was advertised (claude-code#66084).
 */
export function patchInitializeResult(result: Record<string, unknown>): Record<string, unknown> {
  const capabilities = { ...((result['capabilities'] as Record<string, unknown> | undefined) ?? {}) };
  for (const key of ['tools', 'prompts', 'resources']) {
    const current = capabilities[key];
    if (current && typeof current === 'object') capabilities[key] = { ...current, listChanged: true };
  }
  return { ...result, capabilities };
}

/** The answer to `initialize` when the upstream is unreachable and nothing is cached. */
export function syntheticInitializeResult(
  protocolVersion: string,
  serverName: string,
  version: string,
): Record<string, unknown> {
  return {
    protocolVersion,
    capabilities: {
      tools: { listChanged: true },
      prompts: { listChanged: true },
      resources: { listChanged: true },
    },
    serverInfo: { name: serverName, version: `tether-proxy ${version}` },
    instructions: `The MCP server "${serverName}" is not reachable yet; Tether will announce its tools when it is.`,
  };
}
