import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl, isTrustedRendererUrl } from '../../../electron/app/renderer-url-policy.js';

describe('renderer URL policy', () => {
  it("trusts only the app's own page on app://tether", () => {
    expect(isTrustedRendererUrl('app://tether/index.html')).toBe(true);
    expect(isTrustedRendererUrl('app://tether/index.html#/servers/claude-code%7Cuser%7C%7Cx')).toBe(true);
    expect(isTrustedRendererUrl('app://other/index.html')).toBe(false);
    expect(isTrustedRendererUrl('app://tether/assets/evil.html')).toBe(false);
    // file:// is no longer how the app loads: a file page is never trusted.
    expect(isTrustedRendererUrl('file:///opt/Tether/resources/app/dist/renderer/index.html')).toBe(false);
    expect(isTrustedRendererUrl('https://evil.example/renderer/index.html')).toBe(false);
    expect(isTrustedRendererUrl('file:///tmp/other.html')).toBe(false);
    expect(isTrustedRendererUrl(undefined)).toBe(false);
    expect(isTrustedRendererUrl('not a url')).toBe(false);
  });

  it('opens only http(s) links without credentials externally', () => {
    expect(isAllowedExternalUrl('https://modelcontextprotocol.io/docs')).toBe(true);
    expect(isAllowedExternalUrl('http://localhost:3000/')).toBe(true);
    expect(isAllowedExternalUrl('https://user:pass@example.com/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('smb://share/x')).toBe(false);
  });
});
