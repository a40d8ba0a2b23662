import { describe, expect, it } from 'vitest';
import { dispatchInvoke } from '../../../electron/core/api-dispatch.js';
import { EventContextReader } from '../../../electron/core/log-index/event-context.js';
import { silentLogger } from '../../../electron/core/logger.js';
import { logViewerHandlers } from '../../../electron/core/log-viewer/log-viewer-handlers.js';
import type { ApiHandlers } from '../../../electron/core/service.js';
import { summarizeStatuses } from '../../../shared/server-status.js';

const info = {
  version: '1.2.3',
  dataDir: '/d',
  platform: 'linux',
  mode: 'headless' as const,
  startedAt: 'now',
};

function handlers(impl: ApiHandlers['app:info']): ApiHandlers {
  return {
    ...logViewerHandlers({
      context: new EventContextReader(),
      bundle: { dataDir: '/d', pathEnv: { env: {}, platform: 'linux', homeDir: '/h' }, logger: silentLogger },
    }),
    'app:info': impl,
    'timeline:list': async () => ({ timelines: [] }),
    'servers:list': async () => ({ servers: [], problems: [] }),
    'proxy:sign-in': async () => ({ ok: false, message: 'no proxy' }),
    'settings:get': () => Promise.reject(new Error('not used here')),
    'settings:set': () => Promise.reject(new Error('not used here')),
    'status:snapshot': async () => ({
      generatedAt: 'now',
      servers: [],
      problems: [],
      summary: summarizeStatuses([]),
    }),
    'server:detail': async () => ({ ok: false, message: 'none' }),
    'server:act': async () => ({ ok: false, message: 'none' }),
    'server:reconnect-all': async () => ({ ok: false, message: 'none' }),
    'config:edit': async () => ({ ok: false, message: 'none' }),
    'config:undo': async () => ({ ok: false, message: 'none' }),
  };
}

describe('dispatchInvoke', () => {
  it('returns the handler result for a valid request', async () => {
    expect(
      await dispatchInvoke(
        handlers(async () => info),
        'app:info',
        {},
      ),
    ).toEqual({ ok: true, data: info });
  });

  it('refuses channels that are not in the contract', async () => {
    const result = await dispatchInvoke(
      handlers(async () => info),
      'fs:delete-everything',
      {},
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('refuses requests that do not match the schema, without calling the handler', async () => {
    let called = false;
    const result = await dispatchInvoke(
      handlers(async () => {
        called = true;
        return info;
      }),
      'app:info',
      { unexpected: true },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(called).toBe(false);
  });

  it('turns a thrown error into an internal error result instead of throwing', async () => {
    const result = await dispatchInvoke(
      handlers(async () => {
        throw new Error('disk on fire');
      }),
      'app:info',
      {},
    );
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: 'app:info failed: disk on fire' },
    });
  });

  it('refuses a response that breaks the contract', async () => {
    const broken = handlers(async () => ({ ...info, mode: 'sideways' }) as unknown as typeof info);
    expect(await dispatchInvoke(broken, 'app:info', {})).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });
});
