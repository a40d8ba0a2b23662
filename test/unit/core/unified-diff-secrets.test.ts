import { describe, expect, it } from 'vitest';
import { entrySecrets, unifiedDiff } from '../../../electron/core/actions/unified-diff.js';

describe('config edit diff: secrets of the entries', () => {
  it('hides a secret flag value on the line after its flag and inside compact JSON', () => {
    const entry = { command: 'npx', args: ['srv', '--api-key', 'ArgCanary77', '--token=EqCanary77'] };
    const before = JSON.stringify({ mcpServers: { s: entry } });
    const after = JSON.stringify(
      { mcpServers: { s: { command: 'tether', args: ['proxy', '--', 'npx', ...entry.args] } } },
      null,
      2,
    );
    const plain = unifiedDiff('/c.json', before, after);
    expect(plain).toContain('ArgCanary77'); // line by line alone misses it: the case this guards
    const diff = unifiedDiff('/c.json', before, after, entrySecrets(entry));
    expect(diff).not.toMatch(/ArgCanary77|EqCanary77/);
    expect(diff).toContain('--api-key');
    expect(diff).toContain('"tether"');
  });

  it('hides env values with secret names and leaves other values', () => {
    const secrets = entrySecrets({ env: { GITHUB_TOKEN: 'ghp_canaryvalue123', REGION: 'eu-west-1' } });
    expect([...secrets.keys()]).toEqual(['ghp_canaryvalue123']);
  });
});
