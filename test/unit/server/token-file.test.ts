import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateToken } from '../../../electron/server/token-file.js';

describe('tether serve --token-file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tether-token-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the file owner-only with a fresh token, then reuses it', async () => {
    const file = path.join(dir, 'token');
    const first = await loadOrCreateToken(file);
    expect(first.created).toBe(true);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateToken(file)).toEqual({ token: first.token, created: false });
  });

  it('takes the first line of a mounted secret and refuses one that is too short', async () => {
    const file = path.join(dir, 'token');
    await writeFile(file, 'a-mounted-secret-of-some-length\nignored\n');
    expect((await loadOrCreateToken(file)).token).toBe('a-mounted-secret-of-some-length');
    await writeFile(file, 'short\n');
    await expect(loadOrCreateToken(file)).rejects.toThrow(/too short/);
    expect(await readFile(file, 'utf8')).toBe('short\n'); // never overwritten
  });

  it('says which file it cannot read', async () => {
    await expect(loadOrCreateToken(dir)).rejects.toThrow(`cannot read the token file ${dir}`);
  });
});
