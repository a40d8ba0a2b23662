import type { ServerResponse } from 'node:http';
import type { MetricsEndpoint } from '../core/metrics/service-metrics.js';

/** Where Prometheus scrapes; behind the same access guard as every other path (token, Host). */
export const METRICS_PATH = '/metrics';

/** Answers a scrape with the service's Prometheus exposition (core/metrics/), or 500 saying why not. */
export async function serveMetrics(
  response: ServerResponse,
  metrics: MetricsEndpoint,
  headOnly: boolean,
): Promise<void> {
  let body: string;
  try {
    body = await metrics.render();
  } catch (error) {
    response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(`Metrics failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return;
  }
  response.writeHead(200, {
    'Content-Type': metrics.contentType,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(headOnly ? undefined : body);
}
