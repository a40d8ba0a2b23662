/**
 * Stands in for the `when-exit` package inside Tether's bundles (scripts/build.mjs aliases it here).
 *
 * conf's atomic writer (atomically) imports `when-exit` to delete stray temp files when the process
 * ends. That package also listens for SIGINT and SIGTERM and re-raises the signal with `process.kill`
 * at once, whatever other listeners there are: `tether serve` was killed before its own handler could
 * stop the service, so the last OTLP log batch and metrics were never sent (and the Electron app would
 * quit without stopping its service). Here the clean-up runs when the process exits, which it still
 * does after our own signal handling.
 */
// The package it stands in for has only a default export, and atomically imports it that way.
// eslint-disable-next-line no-restricted-syntax
export default function whenExit(callback: () => void): () => void {
  process.once('exit', callback);
  return () => process.off('exit', callback);
}
