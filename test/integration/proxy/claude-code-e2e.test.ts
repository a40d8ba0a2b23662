import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runClaude } from '../../helpers/claude-code-cli.js';
import { TETHER_BIN } from '../../helpers/mcp-stdio-client.js';
import { startStandInModelApi, type ScriptedToolCall } from '../../helpers/stand-in-model-api.js';
import {
  faultProxyFor,
  onCleanup,
  referenceServer,
  sleep,
  tempHome,
  useProxyCleanup,
} from './proxy-fixture.js';

const echo = (message: string): ScriptedToolCall => ({ name: 'mcp__ref__echo', input: { message } });

/**
 * The real Claude Code CLI (`claude -p`) against a stand-in model API that calls MCP tools of a server
 * wrapped by `tether proxy`; every tool_result the model receives must be the real echo.
 */
async function runScenario(
  url: string,
  script: ScriptedToolCall[],
  beforeStep?: (index: number) => Promise<void>,
): Promise<{ texts: string[]; errors: boolean[]; stderr: string }> {
  const home = await tempHome();
  const api = await startStandInModelApi(script, beforeStep);
  onCleanup(() => api.close());
  const mcpConfig = path.join(home.home, 'mcp.json');
  await writeFile(
    mcpConfig,
    JSON.stringify({
      mcpServers: {
        ref: {
          command: process.execPath,
          args: [TETHER_BIN, 'proxy', '--name', 'ref', '--budget', '15', url],
        },
      },
    }),
  );
  const result = await runClaude(
    [
      '-p',
      'Call the tools as instructed.',
      '--mcp-config',
      mcpConfig,
      '--strict-mcp-config',
      // `--dangerously-skip-permissions` is refused when running as root (CI containers); allow the tool.
      '--allowedTools',
      'mcp__ref__echo',
    ],
    {
      ...home.env,
      ANTHROPIC_BASE_URL: api.baseUrl,
      ANTHROPIC_API_KEY: 'dummy',
      MCP_TIMEOUT: '30000',
      // In 2.1.197 `-p` does not wait for MCP servers to connect (the model gets a WaitForMcpServers tool
      // instead), so a server still connecting is missing from the first request; wait, as before.
      MCP_CONNECTION_NONBLOCKING: '0',
    },
    { timeoutMs: 90_000 },
  );
  const requests = api.requestLog
    .map(
      (seen) =>
        `${seen.atMs} ms: ${seen.toolResults} results; mcp tools ${seen.tools.filter((name) => name.startsWith('mcp__')).join(',') || 'none'}`,
    )
    .join('\n');
  return {
    texts: api.toolResults.map((seen) => seen.text),
    errors: api.toolResults.map((seen) => seen.isError),
    stderr: `exit ${result.code}\n${result.stderr}\n${result.stdout}\nmodel requests:\n${requests}`,
  };
}

describe('Claude Code CLI through tether proxy (issue 3 acceptance)', () => {
  useProxyCleanup();

  it('a server restart between two tool calls: both calls succeed', async () => {
    const server = await referenceServer();
    const run = await runScenario(server.url, [echo('one'), echo('two')], async (index) => {
      if (index === 1) await server.restart();
    });
    expect(run.texts, run.stderr).toEqual(['Echo: one', 'Echo: two']);
    expect(run.errors).toEqual([false, false]);
  }, 120_000);

  it('the server down for 5 s while calls are made: every call succeeds', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const run = await runScenario(faults.url(), [echo('a'), echo('b'), echo('c')], async (index) => {
      if (index !== 1) return;
      await faults.down();
      setTimeout(() => void faults.up(), 5_000);
    });
    expect(run.texts, run.stderr).toEqual(['Echo: a', 'Echo: b', 'Echo: c']);
  }, 120_000);

  it('the server down when the client starts, up 4 s later: the tool call succeeds', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    await faults.down();
    const up = sleep(4_000).then(() => faults.up());
    const run = await runScenario(faults.url(), [echo('late')]);
    await up;
    expect(run.texts, run.stderr).toEqual(['Echo: late']);
  }, 120_000);
});
