import { describe, expect, it } from 'vitest';
import { decide, missingLine, stepCommands, type Facts } from '../../../scripts/preflight/decide.mjs';

/** Paths in `found` are opaque to decide(); these stand for "found somewhere". */
const EVERYTHING = {
  chromium: 'found-chromium',
  nginx: 'found-nginx',
  openssl: 'found-openssl',
  prometheus: 'found-prometheus',
};

function facts(overrides: Partial<Facts>): Facts {
  return {
    platform: 'linux',
    uid: 0,
    linuxIds: ['debian'],
    sudo: 'absent',
    managers: { apt: true, brew: false, scoop: false },
    network: false,
    playwright: true,
    chromiumOverride: null,
    found: EVERYTHING,
    install: true,
    ...overrides,
  };
}

const withoutChromiumAndNginx = { openssl: 'found-openssl', prometheus: 'found-prometheus' };
const lines = (plan: ReturnType<typeof decide>): string[] => plan.missing.map(missingLine);

describe('preflight decisions', () => {
  it('does nothing when every part is found', () => {
    expect(decide(facts({}))).toEqual({ steps: [], missing: [] });
    expect(
      decide(facts({ platform: 'win32', uid: null, managers: { apt: false, brew: false, scoop: false } })),
    ).toEqual({
      steps: [],
      missing: [],
    });
  });

  it('Debian as root: one apt step for everything missing, and stops the services the packages start', () => {
    expect(decide(facts({ found: withoutChromiumAndNginx }))).toEqual({
      steps: [{ kind: 'apt', sudo: false, packages: ['chromium', 'nginx'], stopServices: ['nginx'] }],
      missing: [],
    });
    expect(decide(facts({ found: { chromium: 'c', nginx: 'n', openssl: 'o' } })).steps).toEqual([
      { kind: 'apt', sudo: false, packages: ['prometheus'], stopServices: ['prometheus'] },
    ]);
  });

  it('Debian as a user with passwordless sudo: the same apt step through sudo', () => {
    expect(decide(facts({ uid: 1000, sudo: 'passwordless', found: withoutChromiumAndNginx })).steps).toEqual([
      { kind: 'apt', sudo: true, packages: ['chromium', 'nginx'], stopServices: ['nginx'] },
    ]);
  });

  it('Debian as a user without sudo rights: installs nothing, one line per part with the command', () => {
    const plan = decide(facts({ uid: 1000, sudo: 'password', found: withoutChromiumAndNginx }));
    expect(plan.steps).toEqual([]);
    expect(lines(plan)).toEqual([
      'preflight: chromium not found; install it with: sudo apt-get install -y chromium (or set TETHER_CHROMIUM to an installed Chrome, Chromium or Edge)',
      'preflight: nginx not found; install it with: sudo apt-get install -y nginx',
    ]);
  });

  it('Debian as a user on a machine without sudo at all: the lines use su', () => {
    const plan = decide(
      facts({ uid: 1000, sudo: 'absent', found: { chromium: 'c', openssl: 'o', prometheus: 'p' } }),
    );
    expect(plan.steps).toEqual([]);
    expect(lines(plan)).toEqual([
      "preflight: nginx not found; install it with: su -c 'apt-get install -y nginx'",
    ]);
  });

  it('a user without sudo but with Playwright reachable gets its Chromium download, not the apt line', () => {
    const plan = decide(
      facts({ uid: 1000, sudo: 'password', network: true, found: withoutChromiumAndNginx }),
    );
    expect(plan.steps).toEqual([{ kind: 'playwright', withDeps: false }]);
    expect(lines(plan)).toEqual([
      'preflight: nginx not found; install it with: sudo apt-get install -y nginx',
    ]);
  });

  it('Playwright needs playwright-core installed to download anything', () => {
    const plan = decide(
      facts({
        uid: 1000,
        sudo: 'password',
        network: true,
        playwright: false,
        found: { nginx: 'n', openssl: 'o', prometheus: 'p' },
      }),
    );
    expect(plan.steps).toEqual([]);
    expect(plan.missing.map((each) => each.part)).toEqual(['chromium']);
  });

  it('--check (install: false) only reports, with the command root would run', () => {
    const plan = decide(facts({ install: false, found: withoutChromiumAndNginx }));
    expect(plan.steps).toEqual([]);
    expect(lines(plan)).toEqual([
      'preflight: chromium not found; install it with: apt-get install -y chromium (or set TETHER_CHROMIUM to an installed Chrome, Chromium or Edge)',
      'preflight: nginx not found; install it with: apt-get install -y nginx',
    ]);
  });

  it("Ubuntu: never apt's snap-only chromium; Playwright's download with its system libraries instead", () => {
    const ubuntu = { linuxIds: ['ubuntu', 'debian'], found: withoutChromiumAndNginx };
    expect(decide(facts({ ...ubuntu, network: true })).steps).toEqual([
      { kind: 'apt', sudo: false, packages: ['nginx'], stopServices: ['nginx'] },
      { kind: 'playwright', withDeps: true },
    ]);
    const offline = decide(facts(ubuntu));
    expect(offline.steps).toEqual([
      { kind: 'apt', sudo: false, packages: ['nginx'], stopServices: ['nginx'] },
    ]);
    expect(lines(offline)).toEqual([
      'preflight: chromium not found; install it with: npx playwright-core install --with-deps chromium (or set TETHER_CHROMIUM to an installed Chrome, Chromium or Edge)',
    ]);
  });

  it('macOS with Homebrew: formulae for the programs, Playwright for Chromium when reachable, else the Chrome cask', () => {
    const mac = {
      platform: 'darwin' as const,
      uid: 501,
      linuxIds: [],
      managers: { apt: false, brew: true, scoop: false },
      found: {},
    };
    expect(decide(facts({ ...mac, network: true }))).toEqual({
      steps: [
        { kind: 'brew', formulae: ['nginx', 'openssl@3', 'prometheus'], casks: [] },
        { kind: 'playwright', withDeps: false },
      ],
      missing: [],
    });
    expect(decide(facts(mac))).toEqual({
      steps: [{ kind: 'brew', formulae: ['nginx', 'openssl@3', 'prometheus'], casks: ['google-chrome'] }],
      missing: [],
    });
  });

  it('macOS without Homebrew, or as root (brew refuses root): lines with brew and Playwright commands', () => {
    const mac = {
      platform: 'darwin' as const,
      uid: 501,
      linuxIds: [],
      managers: { apt: false, brew: false, scoop: false },
      found: withoutChromiumAndNginx,
    };
    const expected = [
      'preflight: chromium not found; install it with: npx playwright-core install chromium (or set TETHER_CHROMIUM to an installed Chrome, Chromium or Edge)',
      'preflight: nginx not found; install it with: brew install nginx',
    ];
    const noBrew = decide(facts(mac));
    expect(noBrew.steps).toEqual([]);
    expect(lines(noBrew)).toEqual(expected);
    const asRoot = decide(facts({ ...mac, uid: 0, managers: { apt: false, brew: true, scoop: false } }));
    expect(asRoot.steps).toEqual([]);
    expect(lines(asRoot)).toEqual(expected);
  });

  it('Windows: Scoop for the programs when present, Playwright for a browser, else scoop lines', () => {
    const windows = { platform: 'win32' as const, uid: null, linuxIds: [], found: { chromium: 'c' } };
    expect(decide(facts({ ...windows, managers: { apt: false, brew: false, scoop: true } })).steps).toEqual([
      { kind: 'scoop', apps: ['nginx', 'openssl', 'prometheus'] },
    ]);
    const bare = decide(
      facts({
        ...windows,
        network: true,
        managers: { apt: false, brew: false, scoop: false },
        found: { openssl: 'o' },
      }),
    );
    expect(bare.steps).toEqual([{ kind: 'playwright', withDeps: false }]);
    expect(lines(bare)).toEqual([
      'preflight: nginx not found; install it with: scoop install nginx',
      'preflight: prometheus not found; install it with: scoop install prometheus',
    ]);
  });

  it('a TETHER_CHROMIUM that points nowhere is reported, never papered over by an install', () => {
    const plan = decide(
      facts({ chromiumOverride: '/nowhere/chrome', network: true, found: withoutChromiumAndNginx }),
    );
    expect(plan.steps).toEqual([{ kind: 'apt', sudo: false, packages: ['nginx'], stopServices: ['nginx'] }]);
    expect(lines(plan)).toEqual([
      'preflight: chromium: TETHER_CHROMIUM=/nowhere/chrome is not a runnable browser; fix the path or unset it',
    ]);
  });

  it('Linux without apt: Homebrew (Linuxbrew) for a user, else a plain instruction', () => {
    const other = {
      uid: 1000,
      linuxIds: ['fedora'],
      found: { chromium: 'c', openssl: 'o', prometheus: 'p' },
    };
    expect(decide(facts({ ...other, managers: { apt: false, brew: true, scoop: false } })).steps).toEqual([
      { kind: 'brew', formulae: ['nginx'], casks: [] },
    ]);
    const bare = decide(facts({ ...other, managers: { apt: false, brew: false, scoop: false } }));
    expect(lines(bare)).toEqual([
      "preflight: nginx not found; install it with: install the nginx package with your distribution's package manager",
    ]);
  });
});

describe('preflight step commands', () => {
  const tools = { node: 'NODE', playwrightCli: 'PW_CLI', brew: 'BREW' };

  it('apt: update, a non-interactive install without recommends, then a service stop that may fail', () => {
    expect(
      stepCommands(
        { kind: 'apt', sudo: true, packages: ['chromium', 'nginx'], stopServices: ['nginx'] },
        tools,
      ),
    ).toEqual([
      { argv: ['sudo', '-n', 'apt-get', 'update', '-qq'], mayFail: false },
      {
        argv: [
          'sudo',
          '-n',
          'env',
          'DEBIAN_FRONTEND=noninteractive',
          'apt-get',
          'install',
          '-y',
          '-qq',
          '--no-install-recommends',
          'chromium',
          'nginx',
        ],
        mayFail: false,
      },
      { argv: ['sudo', '-n', 'service', 'nginx', 'stop'], mayFail: true },
    ]);
    expect(
      stepCommands({ kind: 'apt', sudo: false, packages: ['openssl'], stopServices: [] }, tools).map(
        (each) => each.argv[0],
      ),
    ).toEqual(['apt-get', 'env']);
  });

  it('brew, scoop and Playwright run the found tools', () => {
    expect(stepCommands({ kind: 'brew', formulae: ['nginx'], casks: ['google-chrome'] }, tools)).toEqual([
      { argv: ['BREW', 'install', 'nginx'], mayFail: false },
      { argv: ['BREW', 'install', '--cask', 'google-chrome'], mayFail: false },
    ]);
    expect(stepCommands({ kind: 'scoop', apps: ['nginx'] }, tools)).toEqual([
      { argv: ['scoop', 'install', 'nginx'], mayFail: false },
    ]);
    expect(stepCommands({ kind: 'playwright', withDeps: true }, tools)).toEqual([
      { argv: ['NODE', 'PW_CLI', 'install', '--with-deps', 'chromium'], mayFail: false },
    ]);
  });
});
