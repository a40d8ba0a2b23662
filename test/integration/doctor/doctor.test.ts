import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor, type DoctorReport, type LayerId } from '../../../electron/core/doctor/index.js';
import {
  startAcceptRewritingLayer,
  startFaultMcpServer,
  type Upstream,
} from '../../helpers/doctor-upstreams.js';
import { startNginx, type Nginx } from '../../helpers/nginx.js';
import { startReferenceServer, type ReferenceServer } from '../../helpers/reference-server.js';

const layer = (report: DoctorReport, id: LayerId) => report.layers.find((entry) => entry.id === id)!;

describe('tether doctor against the real reference server', () => {
  let reference: ReferenceServer;
  let nginx: Nginx;
  beforeAll(async () => {
    reference = await startReferenceServer('streamableHttp');
    nginx = await startNginx({ upstreamPort: reference.port, readTimeoutSeconds: 3 });
  });
  afterAll(async () => {
    await nginx?.stop();
    await reference?.stop();
  });

  it('passes the protocol layers and flags the 400 for a stale session', async () => {
    const report = await runDoctor({ url: reference.url });
    expect(layer(report, 'initialize').verdict).toBe('pass');
    expect(report.protocolVersion).toBe('2025-11-25');
    expect(layer(report, 'tools-list').details?.['count']).toBeGreaterThan(5);
    expect(layer(report, 'wrong-accept')).toMatchObject({ verdict: 'pass', details: { status: 406 } });
    // server-everything answers 400 "No valid session ID" for an unknown session: not the spec's 404.
    expect(layer(report, 'stale-session')).toMatchObject({ verdict: 'warn', details: { status: 400 } });
    expect(layer(report, 'stale-session').remedy).toMatch(/404/);
  });

  it('measures the idle cut of nginx proxy_read_timeout 3s within 1 s', async () => {
    const ticks: number[] = [];
    const report = await runDoctor({
      url: nginx.url('/mcp'),
      holdSeconds: 10,
      onProgress: (progress) => {
        if (progress.kind === 'hold') ticks.push(progress.elapsedSeconds);
      },
    });
    const hold = layer(report, 'idle-hold');
    expect(hold.verdict).toBe('fail');
    expect(report.idleCut?.cutAfterSeconds).not.toBeNull();
    expect(Math.abs(report.idleCut!.cutAfterSeconds! - 3)).toBeLessThanOrEqual(1);
    expect(hold.remedy).toMatch(/proxy_read_timeout/);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    console.log(`measured cut ${report.idleCut!.cutAfterSeconds} s (nginx proxy_read_timeout 3 s)`);
  });

  it('sees no cut when the server is reached directly', async () => {
    const report = await runDoctor({ url: reference.url, holdSeconds: 5 });
    expect(layer(report, 'idle-hold').verdict).toBe('pass');
    expect(report.idleCut?.cutAfterSeconds).toBeNull();
  });

  it('fails initialize with a remedy when a gateway rewrites Accept (406)', async () => {
    const gateway = await startAcceptRewritingLayer(reference.port);
    try {
      const report = await runDoctor({ url: gateway.url });
      expect(layer(report, 'initialize')).toMatchObject({ verdict: 'fail', details: { status: 406 } });
      expect(layer(report, 'initialize').remedy).toMatch(/rewrites Accept/);
      expect(layer(report, 'tools-list').verdict).toBe('skip');
      expect(report.verdict).toBe('fail');
    } finally {
      await gateway.close();
    }
  });
});

describe('tether doctor against fault layers', () => {
  const opened: Upstream[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((upstream) => upstream.close()));
  });
  const start = async (options: Parameters<typeof startFaultMcpServer>[0]): Promise<Upstream> => {
    const upstream = await startFaultMcpServer(options);
    opened.push(upstream);
    return upstream;
  };

  it('passes a server answering 404 for a stale session and 405 for GET', async () => {
    const server = await start({ staleStatus: 404 });
    const report = await runDoctor({ url: server.url, holdSeconds: 2 });
    expect(layer(report, 'stale-session')).toMatchObject({ verdict: 'pass', details: { status: 404 } });
    expect(layer(report, 'idle-hold')).toMatchObject({ verdict: 'skip', details: { status: 405 } });
    expect(layer(report, 'protocol-version').verdict).toBe('pass');
    expect(report.verdict).toBe('pass');
  });

  it('warns on 400 for a stale session', async () => {
    const server = await start({ staleStatus: 400 });
    const report = await runDoctor({ url: server.url });
    expect(layer(report, 'stale-session')).toMatchObject({ verdict: 'warn', details: { status: 400 } });
  });

  it('warns when a wrong Accept gets an auth status', async () => {
    const server = await start({ staleStatus: 404, wrongAcceptStatus: 401 });
    const report = await runDoctor({ url: server.url });
    expect(layer(report, 'wrong-accept').verdict).toBe('warn');
  });

  it('follows OAuth discovery on 401 and passes with a token from the environment', async () => {
    const server = await start({ staleStatus: 404, bearerToken: 'canary-doctor-token-123' });
    const anonymous = await runDoctor({ url: server.url });
    expect(layer(anonymous, 'initialize')).toMatchObject({ verdict: 'fail', details: { status: 401 } });
    const auth = layer(anonymous, 'auth');
    expect(auth.verdict).toBe('pass');
    expect(auth.details?.['resourceMetadataUrl']).toBe(
      `http://127.0.0.1:${server.port}/.well-known/oauth-protected-resource/mcp`,
    );
    expect(auth.details?.['authorizationServers']).toEqual([`http://127.0.0.1:${server.port}/as`]);

    const withToken = await runDoctor({
      url: server.url,
      headers: [{ name: 'Authorization', value: 'Bearer canary-doctor-token-123', fromEnv: true }],
    });
    expect(layer(withToken, 'initialize').verdict).toBe('pass');
    expect(layer(withToken, 'auth').verdict).toBe('pass');
    expect(JSON.stringify(withToken)).not.toContain('canary-doctor-token-123');
    expect(withToken.headers['Authorization']).toBe('Bearer [REDACTED]');
  });

  it('fails auth discovery on a bare 401 and warns on a resource mismatch', async () => {
    const bare = await start({ staleStatus: 404, bearerToken: 't', bareUnauthorized: true });
    const bareReport = await runDoctor({ url: bare.url });
    expect(layer(bareReport, 'auth').verdict).toBe('fail');
    expect(layer(bareReport, 'auth').remedy).toMatch(/resource_metadata/);

    const mismatch = await start({
      staleStatus: 404,
      bearerToken: 't',
      advertisedResource: 'https://other.example/mcp',
    });
    const mismatchReport = await runDoctor({ url: mismatch.url });
    expect(layer(mismatchReport, 'auth').verdict).toBe('warn');
  });

  it('fails TCP with a remedy when nothing listens', async () => {
    const server = await start({ staleStatus: 404 });
    const url = server.url;
    await server.close();
    opened.splice(opened.indexOf(server), 1);
    const report = await runDoctor({ url, timeoutMs: 2000 });
    expect(layer(report, 'tcp')).toMatchObject({ verdict: 'fail' });
    expect(layer(report, 'tcp').remedy).toMatch(/Nothing listens/);
    expect(layer(report, 'initialize').verdict).toBe('skip');
  });
});
