import { describe, expect, it } from 'vitest';
import { wrapEntry, reconstructOriginal } from '../../../electron/core/config/wrap-entry.js';
import { externalizeSecrets, resolveSecretRefs } from '../../../electron/core/config/secret-refs.js';

const launch = { command: '/opt/node/bin/node', args: ['/opt/tether/bin/tether.mjs', 'proxy'], env: {} };

describe('wrap keeps credentials out of the proxy command line', () => {
  it('moves credential headers, query values and a URL password to env, and resolves them back exactly', () => {
    const url = 'https://bob:pa%24s@h.example/mcp?team=x&api_key=canary%2B1&sig=&code=c2#frag';
    const headers = { Authorization: 'Bearer ${GH_TOKEN}', 'X-Tenant-Key': 'canary3', Accept: 'a/b' };
    const out = externalizeSecrets(url, headers, new Set());
    expect(out.url).toBe(
      'https://bob:tether-env%3ATETHER_SECRET_URL_PASSWORD@h.example/mcp?team=x&api_key=tether-env:TETHER_SECRET_QUERY_API_KEY&sig=&code=tether-env:TETHER_SECRET_QUERY_CODE#frag',
    );
    expect(out.headers).toEqual({
      Authorization: 'tether-env:TETHER_SECRET_HEADER_AUTHORIZATION',
      'X-Tenant-Key': 'tether-env:TETHER_SECRET_HEADER_X_TENANT_KEY',
      Accept: 'a/b',
    });
    expect(out.env).toEqual({
      TETHER_SECRET_URL_PASSWORD: 'pa%24s',
      TETHER_SECRET_QUERY_API_KEY: 'canary%2B1',
      TETHER_SECRET_QUERY_CODE: 'c2',
      TETHER_SECRET_HEADER_AUTHORIZATION: 'Bearer ${GH_TOKEN}',
      TETHER_SECRET_HEADER_X_TENANT_KEY: 'canary3',
    });
    expect(resolveSecretRefs(out.url, out.headers, out.env)).toEqual({ url, headers, missing: [] });
    expect(resolveSecretRefs(out.url, out.headers, {}).missing).toHaveLength(5);
  });

  it('wrapEntry writes no secret into args; reconstructOriginal puts them back from env', () => {
    const entry = {
      type: 'http',
      url: 'https://h.example/mcp?api_key=canaryQ',
      headers: { Authorization: 'Bearer canaryH', 'X-Plain': 'p' },
      timeout: 5,
    };
    const wrapped = wrapEntry('claude-code', 'acme', entry, launch);
    expect(JSON.stringify(wrapped['args'])).not.toMatch(/canary/);
    expect(JSON.stringify(wrapped['env'])).toMatch(/canaryQ/);
    expect(reconstructOriginal('claude-code', wrapped)).toEqual(entry);
  });
});
