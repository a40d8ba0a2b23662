import type { Logger } from '../core/logger.js';
import type { PathEnv } from '../core/paths.js';
import { startService, type TetherService } from '../core/service.js';
import { startBurstCollector } from './burst-collector.js';
import { startWebServer, type RunningWebServer, type WebServerOptions } from './web-server.js';

export type HeadlessDashboard = { service: TetherService; web: RunningWebServer; stop(): Promise<void> };

/**
 * The service and the web server together: what `tether serve` and the `npm start` fallback run.
 */
export async function startHeadlessDashboard(
  options: {
    dataDir: string;
    rendererDir: string;
    logger: Logger;
    port?: number;
    /** Where clients keep their logs; the process's own environment by default. */
    pathEnv?: PathEnv;
  } & Pick<WebServerOptions, 'token' | 'bind'>,
): Promise<HeadlessDashboard> {
  const service = await startService({
    dataDir: options.dataDir,
    mode: 'headless',
    platform: process.platform,
    logger: options.logger.child('service'),
    ...(options.pathEnv ? { pathEnv: options.pathEnv } : {}),
  });
  const web = await startWebServer({
    service,
    rendererDir: options.rendererDir,
    logger: options.logger.child('web'),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.bind === undefined ? {} : { bind: options.bind }),
  });
  const collector = startBurstCollector();
  return {
    service,
    web,
    stop: async () => {
      collector.stop();
      await web.close();
      await service.stop();
    },
  };
}
