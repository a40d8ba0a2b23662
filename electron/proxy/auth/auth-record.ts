import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

/**
 * What Tether keeps per OAuth-protected server: one JSON file, owner-only, in `<dataDir>/auth/`.
 *
 * The file is the single source of truth shared by every process that talks to the server (several
 * proxies, `tether auth`): they re-read it under the file lock before refreshing, so a rotation by one
 * process is seen by the others instead of being replayed (rotated refresh tokens are single use).
 */
export type AuthRecord = {
  version: 1;
  serverKey: string;
  serverUrl: string;
  /** Bumped on every write; lets watchers tell "changed" from "touched". */
  generation: number;
  updatedAt: string;
  clientInformation?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  /** Absolute expiry (epoch ms): `expires_in` is relative and the SDK keeps no issue time. */
  expiresAt?: number;
  /** When the current tokens were issued (epoch ms); with `expiresAt` it gives the lifetime. */
  issuedAt?: number;
  discovery?: OAuthDiscoveryState;
  /** The `resource_metadata` URL from the last `WWW-Authenticate` challenge (RFC 9728). */
  resourceMetadataUrl?: string;
  /** The scope the server asked for in its last challenge. */
  scope?: string;
};

const AUTH_FOLDER = 'auth';

/**
 * The file name for a server key: readable when the key is simple, hashed suffix when it had to be
 * changed, so `a/b` and `a_b` never share a file.
 */
export function authFileName(serverKey: string): string {
  const safe = serverKey.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  if (safe === serverKey && safe.length > 0 && !safe.startsWith('.')) return `${safe}.json`;
  const digest = createHash('sha256').update(serverKey).digest('hex').slice(0, 10);
  return `${safe.replace(/^\.+/, '') || 'server'}-${digest}.json`;
}

/** The folder holding every server's auth record. */
export function authFolder(dataDir: string): string {
  return path.join(dataDir, AUTH_FOLDER);
}

/** The auth record file of one server. */
export function authRecordPath(dataDir: string, serverKey: string): string {
  return path.join(authFolder(dataDir), authFileName(serverKey));
}

/**
 * Creates the data folder and its `auth/` folder owner-only (0700 on POSIX).
 *
 * Both are tightened even when they already exist: an earlier, looser umask must not leave tokens
 * readable by other users.
 */
export async function ensureAuthFolder(dataDir: string): Promise<string> {
  const folder = authFolder(dataDir);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') {
    await chmod(dataDir, 0o700);
    await chmod(folder, 0o700);
  }
  return folder;
}

/** Reads a record; `undefined` when there is none or it is unreadable (treated as "not signed in"). */
export async function readAuthRecord(file: string): Promise<AuthRecord | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<AuthRecord>;
    if (parsed.version !== 1 || typeof parsed.serverUrl !== 'string') return undefined;
    return parsed as AuthRecord;
  } catch {
    // A torn or hand-edited file: behave as signed out rather than crash the proxy.
    return undefined;
  }
}

/**
 * Writes a record atomically (temp file 0600, then rename), so a reader never sees half a file and
 * the token never exists on disk with looser permissions.
 */
export async function writeAuthRecord(dataDir: string, record: AuthRecord): Promise<void> {
  const folder = await ensureAuthFolder(dataDir);
  const file = path.join(folder, authFileName(record.serverKey));
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  try {
    if (process.platform !== 'win32') await chmod(temp, 0o600);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** A fresh record for a server nobody has signed in to yet. */
export function emptyAuthRecord(serverKey: string, serverUrl: string): AuthRecord {
  return { version: 1, serverKey, serverUrl, generation: 0, updatedAt: new Date().toISOString() };
}

/** Returns the record with `changes` applied and the generation bumped; the caller writes it. */
export function nextAuthRecord(record: AuthRecord, changes: Partial<AuthRecord>): AuthRecord {
  return { ...record, ...changes, generation: record.generation + 1, updatedAt: new Date().toISOString() };
}

/** Tokens as the server issued them, stamped with the absolute expiry Tether refreshes against. */
export function withIssuedTokens(
  tokens: OAuthTokens,
  now: number,
): Pick<AuthRecord, 'tokens' | 'expiresAt' | 'issuedAt'> {
  const expiresAt = typeof tokens.expires_in === 'number' ? now + tokens.expires_in * 1000 : undefined;
  return { tokens, issuedAt: now, ...(expiresAt === undefined ? {} : { expiresAt }) };
}
