/**
 * True for "this path is not there" (the file, or a parent folder that vanished): normal for a client
 * that is not installed or a file not written yet, so callers skip it instead of reporting it.
 */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * A file-system error as one line for people. EACCES/EPERM get `permissionDenied` instead of Node's
 * message, which names the syscall but not the remedy.
 */
export function fsErrorReason(error: unknown, permissionDenied = 'permission denied'): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return permissionDenied;
  return error instanceof Error ? error.message : String(error);
}
