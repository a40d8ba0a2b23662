// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AboutPanel } from '../../../renderer/components/about-panel.js';
import {
  appInfoTransitions,
  setAppInfoState,
  useAppInfoStore,
} from '../../../renderer/state/app-info-store.js';

// The store is a module-level singleton: every test starts from its initial state and puts it back.
afterEach(() => {
  cleanup();
  useAppInfoStore.setState(useAppInfoStore.getInitialState(), true);
});

const info = {
  version: '9.8.7',
  dataDir: '/home/dev/.config/Tether',
  platform: 'linux',
  mode: 'headless' as const,
  startedAt: '2026-12-05T07:00:00.000Z',
};

describe('AboutPanel', () => {
  it('says it is connecting until the service answers', () => {
    render(<AboutPanel />);
    expect(screen.getByText('Connecting to the Tether service…')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("shows the service's identity under an accessible name once it answers", () => {
    setAppInfoState(appInfoTransitions.loaded(info));
    render(<AboutPanel />);
    const facts = screen.getByLabelText('About this Tether service');
    expect(within(facts).getByText('9.8.7')).toBeTruthy();
    expect(within(facts).getByText('/home/dev/.config/Tether').tagName).toBe('CODE');
    expect(within(facts).getByText('Headless (tether serve)')).toBeTruthy();
  });

  it('re-renders when the store changes after mounting (desktop mode)', () => {
    render(<AboutPanel />);
    expect(screen.queryByLabelText('About this Tether service')).toBeNull();
    // A store update outside React's own events goes through act(), so the render it causes is done.
    act(() => setAppInfoState(appInfoTransitions.loaded({ ...info, mode: 'desktop' })));
    expect(screen.getByText('Desktop')).toBeTruthy();
  });

  it('announces a failure as an alert with the reason', () => {
    setAppInfoState(appInfoTransitions.failed({ code: 'internal', message: 'socket closed' }));
    render(<AboutPanel />);
    expect(screen.getByRole('alert').textContent).toBe('Could not reach the Tether service: socket closed');
  });
});
