/**
 * `tether servers | head -1`: once the reader has what it wants it closes the pipe, and the next write
 * fails with EPIPE. For a command that prints results that is the normal end, not an error: exit 0
 * quietly, as `cat` and `grep` do (the shell reports 141 for them; scripts get 0 from us).
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WritableStream, exit: (code: number) => void): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') exit(0);
    else throw error;
  });
}
