import { createStreamLogger } from '../../../electron/core/logger.js';
import { createOAuthUpstreamAuth } from '../../../electron/proxy/auth/oauth-upstream-auth.js';

/**
 * A second process using the provider (bundled by the test with esbuild): waits for a shared start
 * time, reacts to a 401 like the proxy engine does, then makes one authenticated MCP request.
 */
const { dataDir, serverUrl, at } = JSON.parse(process.argv[2] ?? '{}') as {
  dataDir: string;
  serverUrl: string;
  at: number;
};
const auth = createOAuthUpstreamAuth({
  serverKey: 'everything',
  serverUrl,
  dataDir,
  logger: createStreamLogger({ level: 'debug' }),
  openBrowser: false,
});
auth.events.on((event) => process.stderr.write(`event ${JSON.stringify(event)}\n`));
await auth.headers();
await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
const outcome = await auth.onUnauthorized({ status: 401, wwwAuthenticate: 'Bearer error="invalid_token"' });
const response = await fetch(serverUrl, {
  method: 'POST',
  headers: {
    ...(await auth.headers()),
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  },
  body: JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'child', version: '1' } },
  }),
});
await response.body?.cancel();
process.stdout.write(`${JSON.stringify({ outcome: outcome.kind, status: response.status })}\n`);
await auth.close();
