// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogStatus } from '../../../shared/logs-contract.js';
import { LogStatusBar } from '../../../renderer/components/logs/log-status-bar.js';

afterEach(cleanup);

const status: LogStatus = {
  events: 12_345,
  files: 7,
  indexing: false,
  skippedLines: 0,
  notices: [],
  servers: [],
  windowDays: 7,
};

describe('LogStatusBar', () => {
  it('says it is connecting before the index has answered', () => {
    render(<LogStatusBar status={undefined} shown={0} />);
    expect(screen.getByText('Connecting to the log index…')).toBeTruthy();
  });

  it('counts what is shown against what the index holds, and says when it is still reading', () => {
    const { container, rerender } = render(<LogStatusBar status={status} shown={500} />);
    const live = container.querySelector('[aria-live="polite"]');
    expect(live?.textContent).toMatch(/500 shown of 12.?345 events from 7 files \(last 7 days\)$/);
    rerender(<LogStatusBar status={{ ...status, indexing: true }} shown={500} />);
    expect(live?.textContent).toContain('reading the log folders');
    expect(screen.queryByText(/Skipped:/)).toBeNull();
  });

  it('lists every notice, with the file, so nothing the view misses is silent', () => {
    const notices = [
      { time: '2026-12-05T07:00:00.000Z', file: '/logs/mcp.log', message: 'The file was truncated' },
      { time: '2026-12-05T07:01:00.000Z', file: '/logs/gone.log', message: 'The file is gone' },
    ];
    render(<LogStatusBar status={{ ...status, skippedLines: 3, notices }} shown={1} />);
    expect(screen.getByText(/^Skipped:/).textContent).toBe('Skipped: 3 unreadable lines, 2 notices');
    const items = screen.getAllByRole('listitem');
    expect(items.map((item) => item.querySelector('code')?.textContent)).toEqual([
      '/logs/mcp.log',
      '/logs/gone.log',
    ]);
    expect(items[0]?.textContent).toContain('The file was truncated');
  });
});
