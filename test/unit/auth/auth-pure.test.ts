import { describe, expect, it } from 'vitest';
import { createAuthEvents } from '../../../electron/proxy/auth/auth-events.js';
import type { AuthEvent } from '../../../electron/proxy/auth/auth-events.js';
import { authFileName, emptyAuthRecord } from '../../../electron/proxy/auth/auth-record.js';
import { refreshBackoffMs } from '../../../electron/proxy/auth/refresh-backoff.js';
import { isRefreshDue, refreshDueAt } from '../../../electron/proxy/auth/token-refresh.js';
import { parseBearerChallenge } from '../../../electron/proxy/auth/www-authenticate.js';

describe('auth record file names', () => {
  it('keeps simple keys readable and hashes the rest apart', () => {
    expect(authFileName('acme')).toBe('acme.json');
    expect(authFileName('a/b')).not.toBe(authFileName('a_b'));
    expect(authFileName('../../etc/passwd')).not.toContain('/');
    expect(authFileName('.hidden').startsWith('.')).toBe(false);
  });
});

describe('refresh timing', () => {
  const record = (issuedAt: number, expiresAt: number) => ({
    ...emptyAuthRecord('k', 'https://x'),
    issuedAt,
    expiresAt,
  });
  it('refreshes 60 s before expiry for long-lived tokens', () => {
    expect(refreshDueAt(record(0, 3_600_000), 60_000)).toBe(3_540_000);
    expect(isRefreshDue(record(0, 3_600_000), 60_000, 3_539_999)).toBe(false);
    expect(isRefreshDue(record(0, 3_600_000), 60_000, 3_540_000)).toBe(true);
  });
  it('shrinks the margin to a third of a short lifetime', () => {
    expect(refreshDueAt(record(0, 3_000), 60_000)).toBe(2_000);
  });
  it('never refreshes a token without expiry proactively', () => {
    expect(isRefreshDue(emptyAuthRecord('k', 'https://x'), 60_000, Date.now())).toBe(false);
  });
});

describe('refresh backoff', () => {
  it('grows exponentially, is capped, and never collapses to zero', () => {
    const policy = { baseMs: 1_000, maxMs: 60_000 };
    expect(refreshBackoffMs(1, policy, () => 0)).toBe(500);
    expect(refreshBackoffMs(3, policy, () => 1)).toBe(4_000);
    expect(refreshBackoffMs(30, policy, () => 1)).toBe(60_000);
  });
});

describe('auth events', () => {
  it('redacts and bounds reasons, stamps time and server, isolates broken listeners', () => {
    const events = createAuthEvents('acme', () => 0);
    const seen: AuthEvent[] = [];
    events.on(() => {
      throw new Error('broken journal');
    });
    events.on((event) => seen.push(event));
    events.emit({
      kind: 'refresh_failed',
      reason: `server said access_token=abc123secret ${'x'.repeat(400)}`,
    });
    expect(seen[0]?.reason).not.toContain('abc123secret');
    expect(seen[0]?.reason.length).toBeLessThanOrEqual(300);
    expect(seen[0]).toMatchObject({ at: '1970-01-01T00:00:00.000Z', serverKey: 'acme' });
  });
});

describe('WWW-Authenticate', () => {
  it('reads resource_metadata, scope and error', () => {
    expect(
      parseBearerChallenge(
        'Bearer error="insufficient_scope", scope="files:write", resource_metadata="https://a/.well-known/oauth-protected-resource/mcp"',
      ),
    ).toEqual({
      error: 'insufficient_scope',
      scope: 'files:write',
      resourceMetadataUrl: 'https://a/.well-known/oauth-protected-resource/mcp',
    });
    expect(parseBearerChallenge(null)).toEqual({});
    expect(parseBearerChallenge('Basic realm="x"')).toEqual({});
  });
});
