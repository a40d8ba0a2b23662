/** Resolves on the first SIGINT or SIGTERM, for long-running commands that stop cleanly (serve, --watch). */
export function waitForShutdownSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
