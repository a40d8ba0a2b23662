import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildProxyProgram } from '../../../electron/cli/proxy-program.js';
import {
  parseProxyInvocation,
  PROXY_NODE_FLAGS,
  PROXY_VALUE_OPTIONS,
} from '../../../electron/core/config/proxy-command.js';

describe('parseProxyInvocation', () => {
  it('skips the value of every `tether proxy` option that takes one', () => {
    const proxy = buildProxyProgram({
      rendererDir: '',
      stdout: new PassThrough(),
      stderr: new PassThrough(),
    }).commands.find((command) => command.name() === 'proxy');
    const withValues = (proxy?.options ?? [])
      .filter((option) => option.required || option.optional)
      .map((option) => option.long);
    expect(withValues.length).toBeGreaterThan(5);
    for (const long of withValues) expect(PROXY_VALUE_OPTIONS.has(long!), long).toBe(true);
  });

  it('reads the upstream of hand-written and wrapped entries', () => {
    expect(
      parseProxyInvocation('tether', [
        'proxy',
        '--budget',
        '30',
        '--log-level',
        'debug',
        '--retryable-tools',
        'search,fetch',
        'https://mcp.example.dev/mcp',
      ]),
    ).toEqual({ transport: 'http', url: 'https://mcp.example.dev/mcp', command: null, args: [] });
    expect(
      parseProxyInvocation('/fake/node', [
        ...PROXY_NODE_FLAGS,
        '/fake/tether-mcp/bin/tether.mjs',
        'proxy',
        '--name',
        'files',
        '--',
        'npx',
        '-y',
        'files-server',
      ]),
    ).toEqual({ transport: 'stdio', url: null, command: 'npx', args: ['-y', 'files-server'] });
    expect(parseProxyInvocation('npx', ['-y', 'some-server'])).toBeNull();
  });
});
