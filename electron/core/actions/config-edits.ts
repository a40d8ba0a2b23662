import type { ActionResult, ConfigEditKind, ConfigEditResult } from '../../../shared/server-detail.js';
import type { ServerStatusEntry } from '../../../shared/server-status.js';
import type { ClientPathEnv } from '../clients/client-paths.js';
import { cleanClaudeCode } from '../config/cleaner.js';
import { currentProxyRuntime, type ProxyRuntime } from '../config/proxy-command.js';
import { undoEdit } from '../config/undo.js';
import { unwrapServer, wrapServer } from '../config/wrap.js';
import { redactText } from '../redact.js';
import { unifiedDiff } from './unified-diff.js';

export type ConfigEditContext = {
  pathEnv: ClientPathEnv;
  dataDir: string;
  /** How a wrapped entry starts the proxy (this process's runtime by default). */
  runtime?: () => Promise<ProxyRuntime>;
};

/**
 * Wrap or unwrap one server, or clean Claude Code's stale MCP state: with `dryRun`, the unified diff of
 * what would change (secrets redacted) and nothing written; else the edit itself (lock, backup, undo
 * record: config/safe-edit.ts). Expected refusals (already wrapped, read-only file, changed since)
 * come back as `{ok:false}` with the reason.
 */
export async function editConfig(
  context: ConfigEditContext,
  request: { kind: ConfigEditKind; entry?: ServerStatusEntry; dryRun: boolean },
): Promise<ConfigEditResult> {
  try {
    if (request.kind === 'clean') return await clean(context, request.dryRun);
    const entry = request.entry;
    if (!entry) return { ok: false, message: `${request.kind} needs a server` };
    if (!entry.configured || entry.client === 'tether')
      return {
        ok: false,
        message: `"${entry.name}" is not in any client's config: there is nothing to ${request.kind}`,
      };
    const selector = {
      name: entry.name,
      client: entry.client,
      ...(entry.project ? { project: entry.project } : {}),
    };
    const outcome =
      request.kind === 'wrap'
        ? await wrapServer(selector, {
            pathEnv: context.pathEnv,
            dataDir: context.dataDir,
            runtime: await (context.runtime ?? currentProxyRuntime)(),
            dryRun: request.dryRun,
          })
        : await unwrapServer(selector, {
            pathEnv: context.pathEnv,
            dataDir: context.dataDir,
            dryRun: request.dryRun,
          });
    const file = outcome.record.configPath;
    const diff = unifiedDiff(file, outcome.edit.before, outcome.edit.after);
    const verb = request.kind === 'wrap' ? 'wrapped' : 'unwrapped';
    return {
      ok: true,
      message: request.dryRun
        ? `${entry.name}: would be ${verb} in ${file}`
        : outcome.edit.changed
          ? `${entry.name}: ${verb} in ${file}; restart the client's session (or reconnect) to use it`
          : `${entry.name}: nothing to change`,
      diff,
      file,
      applied: !request.dryRun && outcome.edit.changed,
    };
  } catch (error) {
    return { ok: false, message: failure(error) };
  }
}

async function clean(context: ConfigEditContext, dryRun: boolean): Promise<ConfigEditResult> {
  const report = await cleanClaudeCode(context.pathEnv, {
    dataDir: context.dataDir,
    apply: !dryRun,
    preview: true,
  });
  const previews = report.previews ?? [];
  const diff = previews.map((preview) => unifiedDiff(preview.file, preview.before, preview.after)).join('');
  const fixable = report.findings.filter((finding) => finding.fixable).length;
  const reported = report.findings.length - fixable;
  const what = `${fixable} stale entr${fixable === 1 ? 'y' : 'ies'}${reported ? ` (and ${reported} reported only)` : ''}`;
  return {
    ok: true,
    message: dryRun ? `clean would remove ${what}` : previews.length ? `cleaned ${what}` : 'nothing to clean',
    diff,
    file: previews[0]?.file ?? null,
    applied: !dryRun && report.editedFiles.length > 0,
  };
}

/** Undoes the newest edit Tether made; the file gets back exactly the bytes it had before. */
export async function undoLastEdit(
  dataDir: string,
): Promise<ActionResult & { file?: string; reason?: string }> {
  try {
    const { undone } = await undoEdit(dataDir);
    return {
      ok: true,
      message: `undid "${undone.reason}" in ${undone.configPath}`,
      file: undone.configPath,
      reason: undone.reason,
    };
  } catch (error) {
    return { ok: false, message: failure(error) };
  }
}

function failure(error: unknown): string {
  return redactText(error instanceof Error ? error.message : String(error));
}
