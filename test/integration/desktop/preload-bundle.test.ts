import { readFile } from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { eventNames, invokeChannels } from '../../../shared/api-contract.js';
import type { TetherApi } from '../../../shared/tether-api.js';

const preloadFile = path.resolve(import.meta.dirname, '../../../dist/preload/preload.cjs');

/**
 * The built preload (npm run build): small, no zod, and an allow-list equal to the contract's
 * channels. It is run in a VM with a stand-in for Electron's two objects (no Electron binary here),
 * to check it forwards contract channels and refuses others.
 */
describe('the built preload', () => {
  it('is small and carries no schema library (was 795,216 bytes with zod)', async () => {
    const text = await readFile(preloadFile, 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThan(8 * 1024);
    expect(text).not.toMatch(/zod|ZodError/);
  });

  it('allows exactly the contract channels', async () => {
    const calls: unknown[][] = [];
    const listeners = new Map<string, unknown>();
    let exposed: TetherApi | undefined;
    const electron = {
      contextBridge: { exposeInMainWorld: (_name: string, api: TetherApi) => (exposed = api) },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          calls.push(args);
          return Promise.resolve({ ok: true, data: 'answer' });
        },
        on: (channel: string, listener: unknown) => listeners.set(channel, listener),
        off: (channel: string, listener: unknown) =>
          listeners.get(channel) === listener && listeners.delete(channel),
      },
    };
    const module = { exports: {} };
    vm.runInNewContext(await readFile(preloadFile, 'utf8'), {
      require: (name: string) => {
        if (name !== 'electron') throw new Error(`the preload required ${name}`);
        return electron;
      },
      module,
      exports: module.exports,
    });
    const api = exposed!;
    for (const channel of invokeChannels) {
      await api.invoke(channel, {});
      expect(calls.at(-1)).toEqual([`tether:invoke:${channel}`, {}]);
    }
    expect(calls).toHaveLength(invokeChannels.length);
    const refused = await api.invoke('shell:exec' as never, {} as never);
    expect(refused).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(calls).toHaveLength(invokeChannels.length);
    for (const event of eventNames) {
      const off = api.on(event, () => undefined);
      expect(listeners.has(`tether:event:${event}`)).toBe(true);
      off();
      expect(listeners.has(`tether:event:${event}`)).toBe(false);
    }
    expect(() => api.on('tether:evil' as never, () => undefined)).toThrow(/Unknown event/);
  });
});
