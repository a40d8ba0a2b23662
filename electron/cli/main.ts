import { fileURLToPath } from 'node:url';
import { buildProgram } from './program.js';

/**
 * Entry point of the bundled CLI (`dist/cli/tether.mjs`), which sits beside `dist/renderer/`.
 */
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));

buildProgram({ rendererDir, stdout: process.stdout, stderr: process.stderr })
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`tether: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
