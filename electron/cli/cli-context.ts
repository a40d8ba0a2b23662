/** What every command needs from its surroundings; injected so commands run in tests without globals. */
export type CliContext = {
  /** The built dashboard (renderer) folder. */
  rendererDir: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
};
