import { readFile, writeFile } from 'node:fs/promises';
import { createAccessToken } from './access-guard.js';

/** Shorter tokens can be guessed; the generated ones are 32 characters. */
const MIN_TOKEN_LENGTH = 16;

/**
 * `tether serve --token-file FILE`: a token that survives restarts, for scrapers and collectors.
 *
 * The file's first line is the token (a mounted secret, or one written before). A file that does not
 * exist is created (mode 0600, exclusive) with a fresh random token, so the first start makes it and
 * the next ones reuse it. Prometheus then reads the same file (`authorization.credentials_file`).
 */
export async function loadOrCreateToken(file: string): Promise<{ token: string; created: boolean }> {
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new Error(`cannot read the token file ${file}: ${error.message}`);
  });
  if (existing !== undefined) {
    const token = existing.split(/\r?\n/)[0]!.trim();
    if (token.length < MIN_TOKEN_LENGTH)
      throw new Error(`the token in ${file} is too short (at least ${MIN_TOKEN_LENGTH} characters)`);
    if (/\s/.test(token)) throw new Error(`the token in ${file} contains white space`);
    return { token, created: false };
  }
  const token = createAccessToken();
  try {
    await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateToken(file);
    throw new Error(`cannot create the token file ${file}: ${(error as Error).message}`);
  }
  return { token, created: true };
}
