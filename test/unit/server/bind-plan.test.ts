import { describe, expect, it } from 'vitest';
import { checkAccess } from '../../../electron/server/access-guard.js';
import { describeExposure, planBind } from '../../../electron/server/bind-plan.js';

const interfaces = {
  lo: [
    { address: '127.0.0.1', family: 'IPv4' },
    { address: '::1', family: 'IPv6' },
  ],
  eth0: [
    { address: '172.17.0.2', family: 'IPv4' },
    { address: 'fe80::42:acff:fe11:2%eth0', family: 'IPv6' },
  ],
} as unknown as Parameters<typeof planBind>[0]['interfaces'];

describe('tether serve --host', () => {
  it('stays on loopback by default and accepts loopback names only', () => {
    const plan = planBind({ interfaces, machineName: 'box' });
    expect(plan).toEqual({
      address: '127.0.0.1',
      loopbackOnly: true,
      hostNames: ['127.0.0.1', 'localhost', '[::1]'],
      urlHost: '127.0.0.1',
    });
    expect(describeExposure(plan, 7420, 'x')).toEqual(['listening on 127.0.0.1:7420 (this machine only)']);
  });

  it('on 0.0.0.0 accepts the interface addresses, the machine name and --allow-host names, nothing else', () => {
    const plan = planBind({
      host: '0.0.0.0',
      allowHosts: ['Tether.Monitoring.svc'],
      interfaces,
      machineName: 'c0ffee',
    });
    expect(plan.loopbackOnly).toBe(false);
    expect(plan.hostNames).toEqual([
      '127.0.0.1',
      'localhost',
      '[::1]',
      '172.17.0.2',
      'c0ffee',
      'tether.monitoring.svc',
    ]);
    const scrape = (host: string) =>
      checkAccess(
        { url: '/metrics', headers: { host, authorization: 'Bearer tok-tok-tok' } },
        'tok-tok-tok',
        7420,
        plan.hostNames,
      );
    expect(scrape('172.17.0.2:7420')).toEqual({ allowed: true, viaQuery: false });
    expect(scrape('tether.monitoring.svc:7420')).toEqual({ allowed: true, viaQuery: false });
    // A rebinding page names its own host: still refused, token or not.
    expect(scrape('evil.example:7420')).toMatchObject({ allowed: false, status: 403 });
    // The dashboard opened through the container's address may open its WebSocket from that origin.
    expect(
      checkAccess(
        {
          url: '/api/ws',
          headers: {
            host: '172.17.0.2:7420',
            origin: 'http://172.17.0.2:7420',
            cookie: 'tether_token=tok-tok-tok',
          },
        },
        'tok-tok-tok',
        7420,
        plan.hostNames,
      ),
    ).toEqual({ allowed: true, viaQuery: false });
    const said = describeExposure(plan, 7420, 'in /run/secrets/tether').join('\n');
    expect(said).toContain('listening on 0.0.0.0:7420 (every interface)');
    expect(said).toContain('/metrics');
    expect(said).toContain('in /run/secrets/tether');
    expect(said).toContain('in clear');
  });

  it(':: takes the IPv6 addresses too (bracketed, zone dropped); a specific address only itself', () => {
    expect(planBind({ host: '::', interfaces, machineName: 'box' }).hostNames).toContain(
      '[fe80::42:acff:fe11:2]',
    );
    expect(planBind({ host: '172.17.0.2', interfaces, machineName: 'box' })).toEqual({
      address: '172.17.0.2',
      loopbackOnly: false,
      hostNames: ['172.17.0.2', 'box'],
      urlHost: '172.17.0.2',
    });
    expect(planBind({ host: '[::1]', interfaces, machineName: 'box' }).loopbackOnly).toBe(true);
  });

  it('refuses a name where an address is expected', () => {
    expect(() => planBind({ host: 'example.com', interfaces, machineName: 'box' })).toThrow(
      /--host expects an IP address/,
    );
  });
});
