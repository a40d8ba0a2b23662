import { describe, expect, it } from 'vitest';
import { runTrayCommand, type TrayCommandDeps } from '../../../electron/app/tray-commands.js';
import type { TrayCommand } from '../../../electron/app/model/tray-menu.js';

/** Records what each tray command asked of the service and the shell. */
function recorder(answers: { act?: boolean; signIn?: boolean } = {}) {
  const log: unknown[][] = [];
  const deps: TrayCommandDeps = {
    handlers: {
      'server:act': async (request) => {
        log.push(['server:act', request]);
        return answers.act === false
          ? { ok: false, message: 'no proxy connected for x' }
          : { ok: true, message: 'done' };
      },
      'server:reconnect-all': async (request) => {
        log.push(['server:reconnect-all', request]);
        return { ok: true, message: 'done' };
      },
      'proxy:sign-in': async (request) => {
        log.push(['proxy:sign-in', request]);
        return answers.signIn === false
          ? { ok: false, message: 'no OAuth proxy' }
          : { ok: true, authorizationUrl: 'https://auth.example/authorize?x=1' };
      },
    },
    openDashboard: (href) => log.push(['openDashboard', href]),
    openExternal: (url) => log.push(['openExternal', url]),
    setPausedUntil: (until) => log.push(['setPausedUntil', until]),
    setStartAtLogin: (enabled) => log.push(['setStartAtLogin', enabled]),
    report: (title, message) => log.push(['report', title, message]),
    quit: () => log.push(['quit']),
    now: () => new Date('2026-12-05T10:00:00Z'),
  };
  return { log, deps };
}

async function run(
  command: TrayCommand,
  answers?: { act?: boolean; signIn?: boolean },
): Promise<unknown[][]> {
  const { log, deps } = recorder(answers);
  await runTrayCommand(command, deps);
  return log;
}

describe('tray commands', () => {
  it('server actions go to the service; a refusal is reported, not swallowed', async () => {
    expect(await run({ kind: 'act', key: 'k', action: 'restart' })).toEqual([
      ['server:act', { key: 'k', action: 'restart' }],
    ]);
    expect(await run({ kind: 'act', key: 'k', action: 'reconnect' }, { act: false })).toEqual([
      ['server:act', { key: 'k', action: 'reconnect' }],
      ['report', 'Tether could not do that', 'no proxy connected for x'],
    ]);
    expect(await run({ kind: 'reconnect-all' })).toEqual([['server:reconnect-all', {}]]);
  });

  it('sign in opens the URL the proxy announced, in the browser', async () => {
    expect(await run({ kind: 'sign-in', key: 'k' })).toEqual([
      ['proxy:sign-in', { name: 'k' }],
      ['openExternal', 'https://auth.example/authorize?x=1'],
    ]);
    expect((await run({ kind: 'sign-in', key: 'k' }, { signIn: false })).at(-1)).toEqual([
      'report',
      'Sign-in could not start',
      'no OAuth proxy',
    ]);
  });

  it('details and logs open the dashboard at the server', async () => {
    expect(await run({ kind: 'open-details', key: 'claude-code|user||git' })).toEqual([
      ['openDashboard', '#/servers/claude-code%7Cuser%7C%7Cgit'],
    ]);
    expect(await run({ kind: 'view-logs', key: 'claude-code|user||git' })).toEqual([
      ['openDashboard', '#/logs?server=claude-code%7Cuser%7C%7Cgit'],
    ]);
    expect(await run({ kind: 'open-dashboard' })).toEqual([['openDashboard', undefined]]);
  });

  it('pause, resume, start at login, quit', async () => {
    expect(await run({ kind: 'pause-notifications', choice: 'hour' })).toEqual([
      ['setPausedUntil', '2026-12-05T11:00:00.000Z'],
    ]);
    const tomorrow = (await run({ kind: 'pause-notifications', choice: 'tomorrow' }))[0]![1] as string;
    const local = new Date(tomorrow);
    expect([local.getDate(), local.getHours(), local.getMinutes()]).toEqual([
      new Date(2026, 11, 6).getDate(),
      8,
      0,
    ]);
    expect(await run({ kind: 'resume-notifications' })).toEqual([['setPausedUntil', null]]);
    expect(await run({ kind: 'start-at-login', enabled: true })).toEqual([['setStartAtLogin', true]]);
    expect(await run({ kind: 'quit' })).toEqual([['quit']]);
  });
});
