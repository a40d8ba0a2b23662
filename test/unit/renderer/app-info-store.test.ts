import { afterEach, describe, expect, it } from 'vitest';
import {
  appInfoTransitions,
  setAppInfoState,
  useAppInfoStore,
} from '../../../renderer/state/app-info-store.js';

const info = {
  version: '0.1.0',
  dataDir: '/d',
  platform: 'linux',
  mode: 'headless' as const,
  startedAt: 'x',
};

// The store is a module-level singleton: put it back so no other test sees this one's state.
afterEach(() => {
  useAppInfoStore.setState(useAppInfoStore.getInitialState(), true);
});

describe('app info store', () => {
  it('starts loading and moves to ready or error through pure transitions', () => {
    expect(useAppInfoStore.getState().state).toEqual({ status: 'loading' });
    setAppInfoState(appInfoTransitions.loaded(info));
    expect(useAppInfoStore.getState().state).toEqual({ status: 'ready', info });
    setAppInfoState(appInfoTransitions.failed({ code: 'internal', message: 'down' }));
    expect(useAppInfoStore.getState().state).toEqual({
      status: 'error',
      error: { code: 'internal', message: 'down' },
    });
  });
});
