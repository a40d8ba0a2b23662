import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { claudeJsonPath } from '../../../electron/core/clients/client-paths.js';
import { discoverServers } from '../../../electron/core/clients/discover.js';
import { PROXY_NODE_FLAGS } from '../../../electron/core/config/proxy-command.js';
import { unwrapServer, wrapServer } from '../../../electron/core/config/wrap.js';
import { launcherPath } from '../../../electron/core/launcher/launcher-script.js';
import { reconstructOriginal } from '../../../electron/core/config/wrap-entry.js';
import type { TempHome } from '../../helpers/temp-home.js';
import { fixtureHome } from '../clients/fixture-home.js';

/** What `tether wrap` writes for the acme OAuth entry (and what unwrap reads back). */
const WRAPPED_ACME_OAUTH_ARGS = [
  ...PROXY_NODE_FLAGS,
  '/fake/tether-mcp/bin/tether.mjs',
  'proxy',
  '--oauth',
  '--client-id',
  'acme-desktop',
  '--client-secret-env',
  'ACME_CLIENT_SECRET',
  '--callback-port',
  '8123',
  '--name',
  'acme',
  'https://mcp.acme.dev/mcp',
];

/**
 * `tether wrap` on Claude Code http/sse entries with an `oauth` setting: translated to `tether proxy
 * --oauth --client-id … --callback-port …`, the client secret only ever referenced by variable name,
 * and `unwrap` putting the original bytes back.
 */
let home: TempHome | undefined;
afterEach(async () => {
  await home?.cleanup();
  home = undefined;
});

const runtime = {
  kind: 'node' as const,
  nodePath: '/fake/node',
  tetherBin: '/fake/tether-mcp/bin/tether.mjs',
};

/** The fixture's `.claude.json` with one more user server, written the way a person would. */
async function homeWith(entryText: string) {
  const fixture = await fixtureHome('linux-home');
  home = fixture.home;
  const file = claudeJsonPath(fixture.pathEnv);
  const text = await readFile(file, 'utf8');
  const withEntry = text.replace(/(\n {4}"remote": \{[\s\S]*?\n {4}\})/, `$1,\n    "acme": ${entryText}`);
  expect(withEntry).not.toBe(text);
  await writeFile(file, withEntry);
  const options = { pathEnv: fixture.pathEnv, dataDir: fixture.home.dataDir, runtime };
  return { file, original: withEntry, options, pathEnv: fixture.pathEnv };
}

describe('wrap entries with OAuth settings', () => {
  it('translates oauth.clientId/callbackPort, names the secret variable only, and unwraps byte for byte', async () => {
    const { file, original, options, pathEnv } = await homeWith(
      '{ "type": "http", "url": "https://mcp.acme.dev/mcp", "oauth": { "clientId": "acme-desktop", "callbackPort": 8123 }, "timeout": 30000 }',
    );
    const outcome = await wrapServer(
      { name: 'acme', client: 'claude-code' },
      { ...options, clientSecretEnv: 'ACME_CLIENT_SECRET' },
    );
    // The entry runs the stable launcher in the data folder; the launcher adds the flags, script and `proxy`.
    expect(outcome.entryAfter).toEqual({
      type: 'stdio',
      command: launcherPath(options.dataDir, process.platform),
      args: WRAPPED_ACME_OAUTH_ARGS.slice(PROXY_NODE_FLAGS.length + 2),
      env: {},
      timeout: 30000,
    });
    const wrapped = await readFile(file, 'utf8');
    expect(wrapped).not.toContain('"oauth"');
    // Discovery reads the upstream URL past the option values (not "acme-desktop" or "8123").
    const { servers } = await discoverServers(pathEnv);
    expect(servers.find((s) => s.name === 'acme')).toMatchObject({
      wrapped: true,
      upstream: { url: 'https://mcp.acme.dev/mcp', transport: 'http' },
    });
    await unwrapServer({ name: 'acme', client: 'claude-code' }, options);
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  it('an sse entry with a bare oauth {} gets --oauth (dynamic registration) and comes back exactly', async () => {
    const { file, original, options } = await homeWith(
      '{\n      "type": "sse",\n      "url": "https://mcp.acme.dev/sse",\n      "oauth": {}\n    }',
    );
    const outcome = await wrapServer({ name: 'acme', client: 'claude-code' }, options);
    const args = (outcome.entryAfter as { args: string[] }).args;
    expect(args).toEqual([
      '--transport',
      'sse',
      '--oauth',
      '--name',
      'acme',
      'https://mcp.acme.dev/sse',
    ]);
    await unwrapServer({ name: 'acme', client: 'claude-code' }, options);
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  it('restores the exact bytes in a file laid out with tabs (not the two-space layout)', async () => {
    const { file, original, options } = await homeWith(
      '{"type":"http","url":"https://mcp.acme.dev/mcp","oauth":{"clientId":"acme-desktop"}}',
    );
    const tabbed = original.replace(/^( {2})+/gm, (spaces) => '\t'.repeat(spaces.length / 2));
    await writeFile(file, tabbed);
    await wrapServer({ name: 'acme', client: 'claude-code' }, options);
    expect(await readFile(file, 'utf8')).toContain('"--client-id"');
    await unwrapServer({ name: 'acme', client: 'claude-code' }, options);
    expect(await readFile(file, 'utf8')).toBe(tabbed);
  });

  it('rebuilds the oauth setting from the proxy arguments when the stored original is gone', () => {
    const rebuilt = reconstructOriginal('claude-code', {
      type: 'stdio',
      command: '/fake/node',
      args: WRAPPED_ACME_OAUTH_ARGS,
      env: {},
    });
    expect(rebuilt).toEqual({
      type: 'http',
      url: 'https://mcp.acme.dev/mcp',
      oauth: { clientId: 'acme-desktop', callbackPort: 8123 },
    });
  });

  it('refuses a client secret in clear without copying it anywhere, and settings the proxy cannot honour', async () => {
    const secret = 'canary-client-secret-in-entry';
    const { file, original, options } = await homeWith(
      `{ "type": "http", "url": "https://mcp.acme.dev/mcp", "oauth": { "clientId": "acme", "clientSecret": "${secret}" } }`,
    );
    const error = await wrapServer({ name: 'acme', client: 'claude-code' }, options).catch((e: unknown) => e);
    expect(String(error)).toMatch(/oauth\.clientSecret in clear.*--client-secret-env/);
    expect(String(error)).not.toContain(secret);
    expect(await readFile(file, 'utf8')).toBe(original);

    await writeFile(file, original.replace(`, "clientSecret": "${secret}"`, ', "scopes": "read write"'));
    await expect(wrapServer({ name: 'acme', client: 'claude-code' }, options)).rejects.toThrow(
      /oauth\.scopes/,
    );
    await expect(
      wrapServer({ name: 'remote', client: 'claude-code' }, { ...options, clientSecretEnv: 'X' }),
    ).rejects.toThrow(/no oauth\.clientId/);
    await writeFile(file, original.replace(`, "clientSecret": "${secret}"`, ''));
    await expect(
      wrapServer({ name: 'acme', client: 'claude-code' }, { ...options, clientSecretEnv: 'NOT A NAME' }),
    ).rejects.toThrow(/not a variable name/);
  });
});
