import { describe, expect, it } from 'vitest';
import { STATUS_SEVERITY_ORDER } from '../../../../shared/server-status.js';
import { serverStatusSchema, type ServerStatus } from '../../../../shared/timeline-model.js';
import { planMenuUpdate } from '../../../../electron/app/model/menu-update.js';
import { ICON_STATE_OF } from '../../../../electron/app/model/tray-icon.js';
import { trayModel, type TrayContext, type TrayMenuItem } from '../../../../electron/app/model/tray-menu.js';
import { entry, snapshot } from './status-fixtures.js';

const context = (overrides: Partial<TrayContext> = {}): TrayContext => ({
  platform: 'linux',
  now: new Date('2026-12-05T10:00:00Z'),
  pausedUntil: null,
  startAtLogin: false,
  formatTime: (date) => date.toISOString().slice(11, 16),
  ...overrides,
});

function find(items: readonly TrayMenuItem[], id: string): TrayMenuItem | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    if (item.type === 'submenu') {
      const inner = find(item.items, id);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The label of a row (separators have none). */
function labelOf(item: TrayMenuItem | undefined): string | undefined {
  return item && 'label' in item ? item.label : undefined;
}

function labels(items: readonly TrayMenuItem[]): string[] {
  return items.flatMap((item) => ('label' in item ? [item.label] : []));
}

const STATUSES = serverStatusSchema.options;

describe('tray icon, tooltip and menu for every worst-state combination', () => {
  // Every pair of statuses (and each alone): the icon is the worse one's, the tooltip counts both.
  const pairs: [ServerStatus, ServerStatus][] = STATUSES.flatMap((a) =>
    STATUSES.map((b): [ServerStatus, ServerStatus] => [a, b]),
  );
  it.each(pairs)('%s + %s', (a, b) => {
    const model = trayModel(snapshot([entry('alpha', a), entry('beta', b)]), context());
    const worse = STATUS_SEVERITY_ORDER.indexOf(a) <= STATUS_SEVERITY_ORDER.indexOf(b) ? a : b;
    expect(model.icon.state).toBe(ICON_STATE_OF[worse]);
    expect(model.icon.template).toBe(false);
    expect(model.icon.file).toBe(`tray-${ICON_STATE_OF[worse]}.png`);
    expect(model.tooltip.startsWith('Tether — 2 servers: ')).toBe(true);
    const attention = ['upstream-down', 'needs-auth', 'session-expired', 'degraded'];
    const expected = [a, b].filter((status) => attention.includes(status)).length;
    const header = find(model.menu, 'attention');
    if (expected === 0) expect(header).toBeUndefined();
    else expect(header).toMatchObject({ label: `Needs attention (${expected})` });
  });

  it('the icon states differ for each severity family and connected is ok', () => {
    expect(new Set(Object.values(ICON_STATE_OF))).toEqual(
      new Set(['ok', 'warning', 'down', 'sign-in', 'unknown']),
    );
    expect(ICON_STATE_OF['connected']).toBe('ok');
    expect(ICON_STATE_OF['needs-auth']).toBe('sign-in');
  });

  it('tooltip counts: connected first, then worst first', () => {
    const servers = [
      ...['a', 'b', 'c', 'd', 'e'].map((name) => entry(name, 'connected')),
      entry('f', 'upstream-down'),
    ];
    const model = trayModel(snapshot(servers), context());
    expect(model.tooltip).toBe('Tether — 6 servers: 5 connected, 1 upstream down');
    expect(model.accessibleLabel).toBe(model.tooltip);
    expect(find(model.menu, 'summary')).toMatchObject({ label: '6 servers: 5 connected, 1 upstream down' });
  });

  it('macOS: a template image with the colour beside it as a title, only when something needs attention', () => {
    const down = trayModel(
      snapshot([entry('a', 'upstream-down'), entry('b', 'needs-auth')]),
      context({ platform: 'darwin' }),
    );
    expect(down.icon).toEqual({
      state: 'down',
      file: 'tray-downTemplate.png',
      template: true,
      title: '\u001b[31m●\u001b[0m 2',
    });
    const fine = trayModel(snapshot([entry('a', 'connected')]), context({ platform: 'darwin' }));
    expect(fine.icon.title).toBe('');
    expect(fine.icon.file).toBe('tray-okTemplate.png');
  });
});

describe('tray edge cases', () => {
  it('no snapshot yet: unknown icon, "starting", nothing claimed', () => {
    const model = trayModel(null, context());
    expect(model.icon.state).toBe('unknown');
    expect(model.tooltip).toBe('Tether — starting…');
    expect(find(model.menu, 'servers')).toMatchObject({ type: 'label', label: 'Servers: loading…' });
    expect(find(model.menu, 'reconnect-all')).toMatchObject({ enabled: false });
  });

  it('0 servers', () => {
    const model = trayModel(snapshot([]), context());
    expect(model.icon.state).toBe('unknown');
    expect(model.tooltip).toBe('Tether — no MCP servers found');
    expect(find(model.menu, 'servers')).toMatchObject({ type: 'label', label: 'Servers: none found' });
  });

  it('200 servers: every one in Servers, attention capped with a "more" row, tooltip within 127 characters', () => {
    const servers = Array.from({ length: 200 }, (_, index) =>
      entry(
        `server-${String(index).padStart(3, '0')}`,
        index % 4 === 0 ? 'upstream-down' : index % 4 === 1 ? 'needs-auth' : 'connected',
      ),
    );
    const model = trayModel(snapshot(servers), context());
    const list = find(model.menu, 'servers');
    expect(list?.type === 'submenu' && list.items.length).toBe(200);
    expect(find(model.menu, 'attention')).toMatchObject({ label: 'Needs attention (100)' });
    expect(model.menu.filter((item) => item.id.startsWith('attention:'))).toHaveLength(10);
    expect(find(model.menu, 'attention-more')).toMatchObject({ label: '90 more… (open the dashboard)' });
    expect(model.tooltip).toBe('Tether — 200 servers: 100 connected, 50 upstream down, 50 needs sign-in');
    expect(model.tooltip.length).toBeLessThanOrEqual(127);
    // Worst first: the first attention row is a down server.
    expect(labelOf(model.menu.find((item) => item.id.startsWith('attention:')))).toMatch(/upstream down$/);
  });

  it('long names are cut with an ellipsis; & survives Windows and Linux mnemonics', () => {
    const long = 'a-very-long-server-name-that-goes-on-and-on-and-on-forever-and-ever';
    const model = trayModel(
      snapshot([entry(long, 'upstream-down'), entry('R&D', 'connected')]),
      context({ platform: 'win32' }),
    );
    for (const label of labels(model.menu)) expect([...label].length).toBeLessThanOrEqual(60);
    const row = find(model.menu, `attention:${entry(long, 'upstream-down').key}`);
    expect(labelOf(row)).toMatch(/^a-very-long-server-name.*…$/);
    expect(labelOf(find(model.menu, `server:${entry('R&D', 'connected').key}`))).toContain('R&&D');
    const mac = trayModel(snapshot([entry('R&D', 'connected')]), context({ platform: 'darwin' }));
    expect(labelOf(find(mac.menu, `server:${entry('R&D', 'connected').key}`))).toContain('R&D —');
    // A very long tooltip is cut to Windows' limit, the accessible label is not.
    const many = trayModel(
      snapshot(STATUSES.map((status) => entry(status, status))),
      context({ pausedUntil: '2026-12-05T11:00:00Z' }),
    );
    expect(many.tooltip.length).toBeLessThanOrEqual(127);
    expect(many.accessibleLabel.length).toBeGreaterThan(127);
    expect(many.accessibleLabel).toContain('notifications paused until 11:00');
  });

  it('needs-auth: calm sign-in icon, attention row with Sign in, server submenu with Sign in', () => {
    const server = entry('notion', 'needs-auth');
    const model = trayModel(snapshot([server, entry('git', 'connected')]), context());
    expect(model.icon.state).toBe('sign-in');
    const row = find(model.menu, `attention:${server.key}`);
    expect(labelOf(row)).toBe('notion — needs sign-in');
    expect(find(model.menu, `attention:${server.key}:sign-in`)).toMatchObject({
      label: 'Sign in…',
      command: { kind: 'sign-in', key: server.key },
      enabled: true,
    });
    expect(find(model.menu, `server:${server.key}:sign-in`)).toMatchObject({
      command: { kind: 'sign-in', key: server.key },
    });
    // Without a running proxy there is nobody to sign in: disabled, and the menu says why.
    const idle = trayModel(snapshot([{ ...server, liveProxies: 0, live: false }]), context());
    expect(find(idle.menu, `attention:${server.key}:sign-in`)).toMatchObject({ enabled: false });
    expect(find(idle.menu, `server:${server.key}:no-proxy`)).toMatchObject({
      label: 'No proxy running: the client starts it',
    });
  });

  it('each server submenu has status and reason, Reconnect, Reset session, Restart, Open details, View logs', () => {
    const server = entry('git', 'degraded', { reason: 'stream cut every 60 s' });
    const model = trayModel(snapshot([server]), context());
    const submenu = find(model.menu, `server:${server.key}`);
    expect(submenu?.type).toBe('submenu');
    expect(labels(submenu?.type === 'submenu' ? submenu.items : [])).toEqual([
      'Degraded',
      'stream cut every 60 s',
      'Reconnect',
      'Reset session',
      'Restart',
      'Open details',
      'View logs',
    ]);
    expect(find(model.menu, `server:${server.key}:restart`)).toMatchObject({
      command: { kind: 'act', key: server.key, action: 'restart' },
    });
    expect(find(model.menu, `server:${server.key}:logs`)).toMatchObject({
      command: { kind: 'view-logs', key: server.key },
    });
  });

  it('disabled and shadowed servers need no attention; duplicates name their client', () => {
    const model = trayModel(
      snapshot([
        entry('off', 'upstream-down', { disabled: true }),
        entry('shadow', 'upstream-down', { effective: false }),
        entry('dup', 'connected'),
        entry('dup', 'connected', { key: 'cursor|user||dup', client: 'cursor' }),
      ]),
      context(),
    );
    expect(find(model.menu, 'attention')).toBeUndefined();
    expect(labelOf(find(model.menu, 'server:cursor|user||dup'))).toBe('● dup (Cursor) — connected');
    expect(labelOf(find(model.menu, `server:${entry('off', 'upstream-down').key}`))).toContain('(disabled)');
  });

  it('footer: Reconnect all, Open dashboard, Pause notifications (1 h / until tomorrow), Start at login, Quit', () => {
    const model = trayModel(snapshot([entry('a', 'connected')]), context({ startAtLogin: true }));
    const top = model.menu.map(labelOf).filter((label) => label !== undefined);
    expect(top.slice(-5)).toEqual([
      'Reconnect all',
      'Open dashboard',
      'Pause notifications',
      'Start at login',
      'Quit Tether',
    ]);
    expect(labels((find(model.menu, 'pause') as { items: TrayMenuItem[] }).items)).toEqual([
      'For 1 hour',
      'Until tomorrow',
    ]);
    expect(find(model.menu, 'start-at-login')).toMatchObject({
      checked: true,
      command: { kind: 'start-at-login', enabled: false },
    });
    const paused = trayModel(
      snapshot([entry('a', 'connected')]),
      context({ pausedUntil: '2026-12-05T11:00:00Z' }),
    );
    expect(find(paused.menu, 'pause')).toMatchObject({ type: 'action', label: 'Resume notifications' });
    expect(find(paused.menu, 'paused')).toMatchObject({ label: 'Notifications paused until 11:00' });
    // A pause that has ended is not shown.
    const ended = trayModel(
      snapshot([entry('a', 'connected')]),
      context({ pausedUntil: '2026-12-05T09:00:00Z' }),
    );
    expect(find(ended.menu, 'pause')?.type).toBe('submenu');
  });

  it('unreadable config files count under Needs attention', () => {
    const base = snapshot([entry('a', 'connected')]);
    const model = trayModel(
      { ...base, problems: [{ file: '/x/.claude.json', line: 3, message: 'bad' } as never] },
      context(),
    );
    expect(find(model.menu, 'attention')).toMatchObject({ label: 'Needs attention (1)' });
    expect(find(model.menu, 'attention-problems')).toMatchObject({ command: { kind: 'open-dashboard' } });
  });
});

describe('menu updates while open', () => {
  it('a status change updates rows in place; a new server waits until the menu closes', () => {
    const before = trayModel(snapshot([entry('a', 'connected'), entry('b', 'connected')]), context()).menu;
    // "a" stays first (it sorts first either way), so only text changes.
    const changed = trayModel(
      snapshot([entry('a', 'reconnecting'), entry('b', 'connected')]),
      context(),
    ).menu;
    const plan = planMenuUpdate(before, changed, true);
    expect(plan.kind).toBe('in-place');
    expect(plan.kind === 'in-place' && plan.deferred).toBe(false);
    expect(plan.kind === 'in-place' && plan.changes).toEqual(
      expect.arrayContaining([
        { id: 'summary', label: '2 servers: 1 connected, 1 reconnecting' },
        { id: `server:${entry('a', 'connected').key}:status`, label: 'Reconnecting' },
      ]),
    );
    const grown = trayModel(
      snapshot([entry('a', 'connected'), entry('b', 'connected'), entry('c', 'connected')]),
      context(),
    ).menu;
    const growPlan = planMenuUpdate(before, grown, true);
    expect(growPlan).toMatchObject({ kind: 'in-place', deferred: true });
    expect(planMenuUpdate(before, grown, false)).toEqual({ kind: 'rebuild' });
    expect(planMenuUpdate(before, before, true)).toEqual({ kind: 'none' });
    expect(planMenuUpdate(null, before, false)).toEqual({ kind: 'rebuild' });
  });

  it('a server going down while open moves it into attention: deferred, labels still updated now', () => {
    const before = trayModel(snapshot([entry('a', 'connected')]), context()).menu;
    const after = trayModel(snapshot([entry('a', 'upstream-down')]), context()).menu;
    const plan = planMenuUpdate(before, after, true);
    expect(plan).toMatchObject({ kind: 'in-place', deferred: true });
    expect(plan.kind === 'in-place' && plan.changes.map((change) => change.id)).toContain('summary');
  });
});
