import { describe, expect, it } from 'vitest';
import { dashboardWindowOptions } from '../../../electron/app/window-options.js';

describe('dashboardWindowOptions', () => {
  it('isolates and sandboxes the renderer, with no Node and no webviews', () => {
    const options = dashboardWindowOptions('/app/preload.cjs');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect(options.webPreferences).not.toHaveProperty('webSecurity');
    expect(options.show).toBe(false);
  });
});
