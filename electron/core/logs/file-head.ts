import { open } from 'node:fs/promises';

/** Reads at most `maxBytes` from the start of a file as text; '' when it cannot be read. */
export async function readFileHead(file: string, maxBytes = 16 * 1024): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
    return buffer.toString('utf8', 0, bytesRead);
  } catch {
    return '';
  } finally {
    await handle?.close();
  }
}

/** The `cwd` field of the first JSON entry of a Claude Code log, if the head holds one. */
export async function readClaudeCodeCwd(file: string): Promise<string | undefined> {
  const head = await readFileHead(file);
  const match = /"cwd"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(head);
  if (!match?.[1]) return undefined;
  try {
    return JSON.parse(match[1]) as string;
  } catch {
    return undefined;
  }
}
