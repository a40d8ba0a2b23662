import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../electron/cli/terminal-safe.js';
import {
  REDACTED,
  isSecretFlagName,
  isSecretHeaderName,
  redactArgs,
  redactDeep,
  redactHeaders,
  redactText,
} from '../../electron/core/redact.js';

describe('secrets in command lines, header names and prose', () => {
  it('hides the values of secret flags, both forms, and secret NAME=value arguments', () => {
    expect(
      redactArgs([
        '-y',
        'some-server',
        '--api-key',
        'canaryA1',
        '--token=canaryA2',
        '--password',
        'canaryA3',
        '--clientSecret=canaryA4',
        '--auth',
        'canaryA5',
        'GITHUB_TOKEN=canaryA6',
        '--header',
        'Authorization: Bearer canaryA7',
        '--port',
        '8080',
        '--token-file',
        '/run/secrets/token',
        '--no-auth',
        '/srv/data',
      ]),
    ).toEqual([
      '-y',
      'some-server',
      '--api-key',
      REDACTED,
      `--token=${REDACTED}`,
      '--password',
      REDACTED,
      `--clientSecret=${REDACTED}`,
      '--auth',
      REDACTED,
      `GITHUB_TOKEN=${REDACTED}`,
      '--header',
      `Authorization: Bearer ${REDACTED}`,
      '--port',
      '8080',
      '--token-file',
      '/run/secrets/token',
      '--no-auth',
      '/srv/data',
    ]);
    expect(isSecretFlagName('keyboard-layout')).toBe(false);
    expect(isSecretFlagName('secret-env')).toBe(false);
  });

  it('redacts args inside any JSON value (wrap output, bundle, API answers)', () => {
    const shown = JSON.stringify(redactDeep({ command: 'npx', args: ['server', '--api-key', 'canaryB1'] }));
    expect(shown).not.toContain('canaryB1');
  });

  it('treats header names ending in -Key, -Token, -Secret as credentials, in maps and in text', () => {
    for (const name of ['Ocp-Apim-Subscription-Key', 'X-Tenant-Key', 'X-Vault-Token', 'X-Client-Secret'])
      expect(isSecretHeaderName(name)).toBe(true);
    expect(isSecretHeaderName('X-Request-Id')).toBe(false);
    expect(redactHeaders({ 'Ocp-Apim-Subscription-Key': 'canaryC1', Accept: 'text/plain' })).toEqual({
      'Ocp-Apim-Subscription-Key': REDACTED,
      Accept: 'text/plain',
    });
    expect(redactText('GET /mcp X-Tenant-Key: canaryC2')).not.toContain('canaryC2');
  });

  it('keeps prose after "token" and "basic" but hides credentials after a scheme', () => {
    expect(redactText('token refreshed after expiry')).toBe('token refreshed after expiry');
    expect(redactText('uses basic authentication')).toBe('uses basic authentication');
    expect(redactText('Token canary9x7 sent')).toBe(`Token ${REDACTED} sent`);
    expect(redactText('Basic dXNlcjpwYXNz')).toBe(`Basic ${REDACTED}`);
    expect(redactText('Bearer abcdefghij')).toBe(`Bearer ${REDACTED}`);
  });

  it('shows terminal escape sequences instead of letting them act', () => {
    expect(terminalSafe('ok \u001b]0;pwned\u0007 \u001b[2J\r\u202eevil\ttab')).toBe(
      'ok \\x1b]0;pwned\\x07 \\x1b[2J\\x0d\\u202eevil\ttab',
    );
  });
});
