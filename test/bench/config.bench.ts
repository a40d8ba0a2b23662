// `npm run bench -- config`: a generated 20 MB ~/.claude.json (many projects, long histories).
// Targets (issue 5): clean ≤ 300 ms, wrap ≤ 100 ms, both excluding lock waits.
import { mkdir, mkdtemp, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanClaudeCode } from '../../electron/core/config/cleaner.js';
import { wrapServer, unwrapServer } from '../../electron/core/config/wrap.js';

const home = await mkdtemp(path.join(tmpdir(), 'tether-bench-config-'));
const dataDir = path.join(home, 'data');
await mkdir(path.join(home, '.claude'), { recursive: true });
const projects: Record<string, unknown> = {};
const config: Record<string, unknown> = {
  oauthAccount: { accountUuid: 'canary-account', emailAddress: 'canary@example.invalid' },
  hasCompletedOnboarding: true,
  userID: 'canary-user',
  mcpServers: { target: { type: 'http', url: 'http://127.0.0.1:9/mcp' } },
  projects,
};
let count = 0;
// Grow until the pretty-printed file is ~20 MB; each project's share is measured once, not the whole file per round.
for (let size = 0; size < 19 * 1024 * 1024; count++) {
  const project = {
    allowedTools: [],
    mcpServers: count % 10 === 0 ? { s: { type: 'stdio', command: 'node', args: ['x'], env: {} } } : {},
    disabledMcpServers: count % 7 === 0 ? ['ghost'] : [],
    history: Array.from({ length: 40 }, (_, k) => ({
      display: `prompt ${k} ${'lorem ipsum "quoted" text '.repeat(12)}`,
      pastedContents: {},
    })),
    hasTrustDialogAccepted: true,
  };
  // Half the projects still exist (a few with a .mcp.json), half are gone, as on a long-used machine.
  const folder = path.join(home, count % 2 === 0 ? 'live' : 'gone', `p${count}`);
  if (count % 2 === 0) {
    await mkdir(folder, { recursive: true });
    if (count % 20 === 0)
      await writeFile(path.join(folder, '.mcp.json'), JSON.stringify({ mcpServers: { s: { command: 'x' } } }));
  }
  projects[folder] = project;
  size += JSON.stringify(project, null, 2).length;
}
const text = JSON.stringify(config, null, 2);
const file = path.join(home, '.claude.json');
// Claude Code keeps its 5 newest backups of the file, each as large; the cleaner looks through them.
await mkdir(path.join(home, '.claude', 'backups'), { recursive: true });
for (let index = 0; index < 5; index++) {
  await writeFile(path.join(home, '.claude', 'backups', `.claude.json.backup.${1763700000000 + index}`), text);
}
const env = { HOME: home, TETHER_HOME: dataDir };
const pathEnv = { env, platform: 'linux' as const, homeDir: home, systemRoot: path.join(home, 'sys') };
const runtime = {
  kind: 'node' as const,
  nodePath: process.execPath,
  tetherBin: '/fake/tether-mcp/bin/tether.mjs',
};
console.log(`~/.claude.json: ${(text.length / 1024 / 1024).toFixed(1)} MB, ${count} projects`);

const wrapTimes: number[] = [];
const wrapTotals: number[] = [];
for (let round = 0; round < 5; round++) {
  await writeFile(file, text, { mode: 0o600 });
  const started = performance.now();
  const outcome = await wrapServer({ name: 'target', client: 'claude-code' }, { pathEnv, dataDir, runtime });
  wrapTotals.push(performance.now() - started);
  wrapTimes.push(outcome.edit.workMs);
  await unwrapServer({ name: 'target', client: 'claude-code' }, { pathEnv, dataDir });
}
const cleanTimes: number[] = [];
for (let round = 0; round < 5; round++) {
  await writeFile(file, text, { mode: 0o600 });
  const started = performance.now();
  await cleanClaudeCode(pathEnv, { dataDir, apply: true });
  cleanTimes.push(performance.now() - started);
}
// The floor on this machine right now: what any safe rewrite of the file costs (read it, write a copy,
// fsync, rename it over), so figures from a loaded machine can be read against it.
const floorTimes: number[] = [];
for (let round = 0; round < 5; round++) {
  await writeFile(file, text, { mode: 0o600 });
  const started = performance.now();
  const bytes = await readFile(file);
  const handle = await open(`${file}.floor`, 'w', 0o600);
  await handle.writeFile(bytes);
  await handle.sync();
  await handle.close();
  await rename(`${file}.floor`, file);
  floorTimes.push(performance.now() - started);
}
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(
  `floor: read + write + fsync + rename:   median ${median(floorTimes).toFixed(0)} ms   (machine baseline)`,
);
console.log(
  `wrap edit (lock held, excl. lock wait): median ${median(wrapTimes).toFixed(0)} ms   target ≤ 100 ms`,
);
console.log(
  `wrap command incl. discovery:           median ${median(wrapTotals).toFixed(0)} ms   (no target)`,
);
console.log(
  `clean --apply (whole command):          median ${median(cleanTimes).toFixed(0)} ms   target ≤ 300 ms`,
);
console.log(
  `first clean (5 backups not yet cached):        ${cleanTimes[0]!.toFixed(0)} ms   (once per new backup)`,
);
await rm(home, { recursive: true, force: true });
