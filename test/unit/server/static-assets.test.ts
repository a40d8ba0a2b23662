import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAssetPath } from '../../../electron/server/static-assets.js';

const root = path.resolve('/srv/renderer');

describe('resolveAssetPath', () => {
  it('maps / to index.html and keeps files inside the root', () => {
    expect(resolveAssetPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveAssetPath(root, '/assets/app.js')).toBe(path.join(root, 'assets/app.js'));
  });

  it('refuses traversal, encoded traversal and NUL bytes', () => {
    expect(resolveAssetPath(root, '/../secret')).toBeUndefined();
    expect(resolveAssetPath(root, '/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(resolveAssetPath(root, '/assets/%00.js')).toBeUndefined();
    expect(resolveAssetPath(root, '/%E0%A4%A')).toBeUndefined();
  });
});
