import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CLIENT_STARTUP_MS,
  clientStartup,
  startupHoldMs,
} from '../../../electron/proxy/client-startup.js';

describe('start-up wait learned per client (docs/proxy.md, "Start-up and shutdown per client")', () => {
  it('Claude Code: MCP_TIMEOUT from the environment it passes, capped by the SDK at 60 s; else 30 s', () => {
    expect(clientStartup('claude-code', {})).toMatchObject({ timeoutMs: 30_000 });
    expect(clientStartup('claude-code', { MCP_TIMEOUT: '45000' })).toMatchObject({
      timeoutMs: 45_000,
      source: 'MCP_TIMEOUT',
    });
    expect(clientStartup('claude-code', { MCP_TIMEOUT: '300000' }).timeoutMs).toBe(60_000);
    expect(clientStartup('claude-code', { MCP_TIMEOUT: 'soon' }).timeoutMs).toBe(30_000);
  });

  it('Codex 10 s, Claude Desktop and VS Code 60 s, Cursor and unknown clients the default', () => {
    expect(clientStartup('codex-mcp-client', {}).timeoutMs).toBe(10_000);
    expect(clientStartup('claude-ai', {}).timeoutMs).toBe(60_000);
    expect(clientStartup('Visual Studio Code', {}).timeoutMs).toBe(60_000);
    expect(clientStartup('cursor-vscode', {}).timeoutMs).toBe(DEFAULT_CLIENT_STARTUP_MS);
    expect(clientStartup(undefined, { MCP_TIMEOUT: '45000' }).timeoutMs).toBe(DEFAULT_CLIENT_STARTUP_MS);
  });

  it('holds until shortly before the client gives up: 15 %, at least 1.5 s, earlier', () => {
    expect(startupHoldMs(10_000)).toBe(8_500);
    expect(startupHoldMs(30_000)).toBe(25_500);
    expect(startupHoldMs(60_000)).toBe(51_000);
    expect(startupHoldMs(1_000)).toBe(0);
  });
});
