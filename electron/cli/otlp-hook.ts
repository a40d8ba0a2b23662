import type { ProxyEvent } from '../../shared/control-protocol.js';
import type { Logger } from '../core/logger.js';
import { otlpSettingsFromEnv } from '../core/telemetry/otlp-env.js';
import type { ProxyTelemetry } from '../core/telemetry/proxy-telemetry.js';
import type { Reporter } from '../proxy/reporter.js';
import type { TelemetryHook } from '../proxy/run-proxy.js';

/** Events kept until the SDK is in; a burst beyond this is not worth memory. */
const MAX_EARLY_EVENTS = 256;
/**
 * The SDK (~0.3 MB of JavaScript) is loaded this long after start, not during it: the client waits
 * for `initialize` in the first milliseconds, and parsing the SDK then would delay the answer.
 */
const LOAD_AFTER_MS = 1000;
/** An unreachable collector must not hold the proxy's exit (the client waits for it). */
const SHUTDOWN_BUDGET_MS = 1500;

/**
 * OTLP export of a standalone proxy, only when OTEL_EXPORTER_OTLP_* are set.
 *
 * Without them this returns at once and nothing else is loaded: the OpenTelemetry SDK sits behind a
 * dynamic import, in its own chunks of the bundle (the proxy's start path stays small; the test
 * `proxy-chunk-graph.test.ts` checks it). With them, the SDK is loaded a second after start (or at
 * shutdown, whichever comes first); the reporter's events are kept until then, then exported
 * (core/telemetry/proxy-telemetry.ts). The CLI hands it to `runProxy` (`telemetry`): the proxy itself
 * imports no telemetry module, so its start path stays within its three core modules.
 */
export function startOtlpHook(
  reporter: Reporter,
  options: { name: string; version: string; logger: Logger },
  env: Readonly<Record<string, string | undefined>> = process.env,
): TelemetryHook | undefined {
  const settings = otlpSettingsFromEnv(env);
  if (!settings) return undefined;
  for (const problem of settings.problems) options.logger.warn(problem);
  if (!settings.metrics && !settings.logs) return undefined;
  const early: Array<{ event: ProxyEvent; atMs: number }> = [];
  let telemetry: ProxyTelemetry | undefined;
  reporter.tap((event) => {
    if (telemetry) telemetry.onEvent(event);
    else if (early.length < MAX_EARLY_EVENTS) early.push({ event, atMs: Date.now() });
  });
  let started: Promise<ProxyTelemetry | undefined> | undefined;
  const load = (): Promise<ProxyTelemetry | undefined> =>
    (started ??= import('../core/telemetry/proxy-telemetry.js').then(
      ({ startProxyTelemetry }) => {
        telemetry = startProxyTelemetry({ ...options, settings, counters: () => ({ ...reporter.counters }) });
        for (const { event, atMs } of early.splice(0)) telemetry.onEvent(event, atMs);
        return telemetry;
      },
      (error: unknown) => {
        options.logger.warn(`OTLP export not started: ${String(error)}`);
        return undefined;
      },
    ));
  setTimeout(() => void load(), LOAD_AFTER_MS).unref();
  return { shutdown: async () => (await load())?.shutdown(SHUTDOWN_BUDGET_MS) };
}
