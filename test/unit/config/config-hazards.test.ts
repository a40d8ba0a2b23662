import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { claudeJsonPath } from '../../../electron/core/clients/client-paths.js';
import { undoEdit } from '../../../electron/core/config/undo.js';
import { unwrapServer, wrapServer } from '../../../electron/core/config/wrap.js';
import type { TempHome } from '../../helpers/temp-home.js';
import { fixtureHome } from '../clients/fixture-home.js';

/** Config files that are damaged, ambiguous or protected: refused with a reason, or edited byte-exactly. */
let home: TempHome | undefined;
afterEach(async () => {
  await home?.cleanup();
  home = undefined;
});

const runtime = { kind: 'node' as const, nodePath: '/opt/node/bin/node', tetherBin: '/opt/tether/bin/tether.mjs' };
const ENTRY = '{ "type": "http", "url": "https://mcp.acme.dev/mcp" }';

/** The fixture's `.claude.json` with `acme` added and `edit` applied to its bytes. */
async function homeWith(edit: (bytes: Buffer) => Buffer = (bytes) => bytes, entry = ENTRY) {
  const fixture = await fixtureHome('linux-home');
  home = fixture.home;
  const file = claudeJsonPath(fixture.pathEnv);
  const text = (await readFile(file, 'utf8')).replace(
    /(\n {4}"remote": \{[\s\S]*?\n {4}\})/,
    `$1,\n    "acme": ${entry}`,
  );
  const bytes = edit(Buffer.from(text));
  await writeFile(file, bytes);
  return { file, bytes, options: { pathEnv: fixture.pathEnv, dataDir: fixture.home.dataDir, runtime } };
}

/** Replaces the ASCII `marker` in `bytes` with `replacement` (invalid UTF-8, say). */
const patch =
  (marker: string, replacement: number[]) =>
  (bytes: Buffer): Buffer => {
    const at = bytes.indexOf(marker);
    expect(at).toBeGreaterThan(0);
    return Buffer.concat([
      bytes.subarray(0, at),
      Buffer.from(replacement),
      bytes.subarray(at + marker.length),
    ]);
  };
/** A lone lead byte, an overlong form, a surrogate, a cut 4-byte sequence, a stray continuation. */
const INVALID = [0xc3, 0x28, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf0, 0x9f, 0x98, 0x41, 0x80];

describe('config files Tether must not damage', () => {
  it('keeps invalid UTF-8 elsewhere in the file byte for byte through wrap, unwrap and undo', async () => {
    // The machine id at the top of the file gets the bad bytes: far from the edited entry.
    const { file, bytes, options } = await homeWith(patch('canary-machine-id', [...INVALID, 0x78]));
    const wrapped = await wrapServer({ name: 'acme', client: 'claude-code' }, options);
    const afterWrap = await readFile(file);
    expect(afterWrap.includes(Buffer.from(INVALID))).toBe(true);
    expect(afterWrap.toString('latin1')).toContain('tether-proxy');
    await unwrapServer({ name: 'acme', client: 'claude-code' }, options);
    expect(await readFile(file)).toEqual(bytes);
    // And undo of a wrap puts the same bytes back too.
    const again = await wrapServer({ name: 'acme', client: 'claude-code' }, options);
    expect(again.edit.undo).toBeDefined();
    await undoEdit(options.dataDir, again.edit.undo!.id);
    expect(await readFile(file)).toEqual(bytes);
    expect(wrapped.edit.changed).toBe(true);
  });

  it('refuses to edit an entry that itself holds invalid UTF-8, and writes nothing', async () => {
    const { file, bytes, options } = await homeWith(patch('acme.dev', [0x61, 0xff, 0x2e, 0x64, 0x65, 0x76]));
    await expect(wrapServer({ name: 'acme', client: 'claude-code' }, options)).rejects.toThrow(
      /not valid UTF-8/,
    );
    expect(await readFile(file)).toEqual(bytes);
  });

  it('refuses a server name that appears twice in the same object (the client uses the last)', async () => {
    const { file, bytes, options } = await homeWith(
      (b) => b,
      `${ENTRY},\n    "acme": { "type": "http", "url": "https://other.example/mcp" }`,
    );
    await expect(wrapServer({ name: 'acme', client: 'claude-code' }, options)).rejects.toMatchObject({
      code: 'ambiguous',
      message: expect.stringMatching(/names "acme" 2 times in mcpServers; the client uses the last one/),
    });
    expect(await readFile(file)).toEqual(bytes);
  });

  it('refuses a read-only config file instead of replacing it through a rename', async () => {
    const { file, bytes, options } = await homeWith();
    await chmod(file, 0o444);
    await expect(wrapServer({ name: 'acme', client: 'claude-code' }, options)).rejects.toThrow(
      /is read-only/,
    );
    await expect(
      wrapServer({ name: 'acme', client: 'claude-code' }, { ...options, dryRun: true }),
    ).rejects.toThrow(/is read-only/);
    expect(await readFile(file)).toEqual(bytes);
    expect((await stat(file)).mode & 0o777).toBe(0o444);
  });
});
