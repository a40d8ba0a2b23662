import { describe, expect, it } from 'vitest';
import {
  REDACTED,
  isSecretKeyName,
  mayHoldSecret,
  redactDeep,
  redactEnv,
  redactHeaders,
  redactText,
  redactUrl,
} from '../../electron/core/redact.js';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkNhbmFyeSJ9.c2lnbmF0dXJlLWNhbmFyeQ';

describe('redactText', () => {
  it.each([
    [
      'Authorization header in a log line',
      'POST /mcp Authorization: Bearer canaryBearer123 sent',
      'canaryBearer123',
    ],
    ['Authorization without scheme', 'authorization=canaryRawAuth99', 'canaryRawAuth99'],
    ['Cookie header', 'Cookie: sid=canaryCookie1; theme=dark', 'canaryCookie1'],
    ['X-Api-Key header', 'x-api-key: canaryXApiKey42', 'canaryXApiKey42'],
    ['JSON access_token', '{"access_token":"canaryAccess77","token_type":"Bearer"}', 'canaryAccess77'],
    ['JSON accessToken (camelCase)', '{"accessToken": "canaryCamel88"}', 'canaryCamel88'],
    ['JSON refreshToken', "{refreshToken: 'canaryRefresh5'}", 'canaryRefresh5'],
    ['client_secret form body', 'grant_type=x&client_secret=canarySecret3&a=b', 'canarySecret3'],
    ['api_key query string', 'GET https://h.example/mcp?api_key=canaryQuery1&x=1', 'canaryQuery1'],
    ['token query string', 'fetch https://h.example/sse?token=canaryQuery2 failed', 'canaryQuery2'],
    ['key query string', 'https://maps.example/x?key=canaryQuery3', 'canaryQuery3'],
    ['JWT anywhere', `got ${JWT} from idp`, 'c2lnbmF0dXJlLWNhbmFyeQ'],
    ['URL user-info password', 'postgres://app:canaryPgPass@db:5432/x', 'canaryPgPass'],
    ['GitHub token', 'ghp_canaryAAAAAAAAAAAAAAAAAAAAAAAAAA', 'ghp_canary'],
    ['Anthropic key', 'key sk-ant-api03-canaryZZZZZZ', 'canaryZZZZZZ'],
    ['password: yaml style', 'password: canaryPw123', 'canaryPw123'],
    ['Google API key', 'k AIzaSyCanaryCanaryCanaryCanaryCanary123 ok', 'AIzaSyCanary'],
    ['Stripe key', 'using sk_live_canary1234', 'sk_live_canary1234'],
    ['GitLab token', 'glpat-canaryCanaryCanary12345', 'glpat-canary'],
    ['Slack token', 'xoxb-canary12345', 'xoxb-canary12345'],
    ['AWS key id', 'id AKIACANARY1234567890 used', 'AKIACANARY1234567890'],
    ['GitHub fine-grained token', 'github_pat_canaryCanaryCanary1234', 'github_pat_canary'],
    ['bare Cookie header', 'Cookie: canaryBareCookie', 'canaryBareCookie'],
    ['code_verifier', 'code_verifier: canaryVerifier1', 'canaryVerifier1'],
  ])('hides %s', (_label, input, secret) => {
    const out = redactText(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
    // Hot paths skip redactText when mayHoldSecret is false: it must never be false for a secret.
    expect(mayHoldSecret(input)).toBe(true);
  });

  it('mayHoldSecret is false for ordinary client log lines', () => {
    expect(mayHoldSecret('Successfully connected (transport: http) in 149ms')).toBe(false);
    expect(mayHoldSecret("Tool 'echo' completed successfully in 76ms")).toBe(false);
    expect(mayHoldSecret('HTTP connection dropped after 3s uptime')).toBe(false);
  });

  it('keeps ordinary text and the auth scheme', () => {
    expect(redactText('Connected to server in 120 ms')).toBe('Connected to server in 120 ms');
    expect(redactText('Authorization: Bearer canaryX12345')).toBe(`Authorization: Bearer ${REDACTED}`);
  });

  it('does not redact twice into noise', () => {
    const once = redactText('Authorization: Bearer canaryTwice99');
    expect(redactText(once)).toBe(once);
  });
});

describe('isSecretKeyName', () => {
  it.each([
    'GITHUB_TOKEN',
    'OPENAI_API_KEY',
    'DB_PASSWORD',
    'PASSWORD',
    'AWS_SECRET_ACCESS_KEY',
    'apiKey',
    'accessToken',
    'clientSecret',
    'GHTOKEN',
    'x-api-key',
  ])('treats %s as secret', (name) => expect(isSecretKeyName(name)).toBe(true));
  it.each(['PATH', 'HOME', 'NODE_ENV', 'LOG_LEVEL', 'command', 'args', 'url', 'type'])('keeps %s', (name) =>
    expect(isSecretKeyName(name)).toBe(false),
  );
});

describe('redactEnv / redactHeaders / redactUrl', () => {
  it('hides secret env values by name and secret shapes by value', () => {
    const out = redactEnv({
      GITHUB_TOKEN: 'canaryEnv1',
      MY_KEY: 'canaryEnv2',
      DEBUG: 'x',
      NOTE: `jwt ${JWT}`,
    });
    expect(JSON.stringify(out)).not.toMatch(/canaryEnv|c2lnbmF0dXJl/);
    expect(out['DEBUG']).toBe('x');
  });

  it('keeps the scheme of credential headers', () => {
    expect(
      redactHeaders({ Authorization: 'Bearer canaryH1', 'X-Custom-Token': 'canaryH2', Accept: 'text/plain' }),
    ).toEqual({
      Authorization: `Bearer ${REDACTED}`,
      'X-Custom-Token': REDACTED,
      Accept: 'text/plain',
    });
  });

  it('hides credential query parameters and passwords of URLs', () => {
    const out = redactUrl('https://user:canaryU1@h.example/mcp?access_token=canaryU2&sig=canaryU3&page=2');
    expect(out).not.toMatch(/canaryU/);
    expect(out).toContain('page=2');
  });

  it('survives malformed percent-encoding', () => {
    expect(() => redactUrl('https://h.example/%E0%A4%A?token=canaryU4')).not.toThrow();
    expect(redactUrl('https://h.example/%E0%A4%A?token=canaryU4')).not.toContain('canaryU4');
  });
});

describe('redactDeep', () => {
  it('walks client configs: env, headers, URLs, camelCase keys', () => {
    const config = {
      mcpServers: {
        gh: {
          command: 'npx',
          args: ['--token', 'ghp_canaryDeepAAAAAAAAAAAAAAAAAAAAA'],
          env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'canaryD1' },
        },
        remote: {
          type: 'http',
          url: 'https://h.example/mcp?apikey=canaryD2',
          headers: { Authorization: 'Bearer canaryD3' },
        },
      },
      oauth: { clientSecret: 'canaryD4', expiresAt: 5 },
    };
    const text = JSON.stringify(redactDeep(config));
    expect(text).not.toMatch(/canary/);
    expect(text).toContain('"command":"npx"');
    expect(text).toContain('"expiresAt":5');
  });

  it('cuts cycles', () => {
    const a: Record<string, unknown> = { name: 'x' };
    a['self'] = a;
    expect(redactDeep(a)).toEqual({ name: 'x', self: '[Circular]' });
  });
});

describe('redactText on long unbroken input', () => {
  // A hostile or broken server can write one huge token to stderr; every line passes redactText.
  // Before the anchors, each start position re-scanned the rest of the run: 64 KiB took ~10 s and
  // 256 KiB minutes. The bound is loose on purpose (a loaded CI box); quadratic behaviour blows it.
  it.each([
    ['letters', 'A'.repeat(256 * 1024)],
    ['dotted words', 'ab1.'.repeat(64 * 1024)],
    ['dashed words', 'a-'.repeat(128 * 1024)],
  ])('stays linear on 256 KiB of %s', (_name, text) => {
    const started = performance.now();
    expect(redactText(text)).toBe(text);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('still finds the secrets the anchored patterns look for', () => {
    expect(redactText('x access_token=abc123 y')).toBe('x access_token=[REDACTED] y');
    expect(redactText('see postgres://me:hunter2@db/x')).toBe('see postgres://me:[REDACTED]@db/x');
    expect(redactText('api-key: 12345678')).toContain('[REDACTED]');
  });
});
