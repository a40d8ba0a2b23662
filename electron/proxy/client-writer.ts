import type { Writable } from 'node:stream';
import { RawIdAliases } from './raw-id-aliases.js';

/**
 * Writes JSON-RPC lines to the client (stdout), honouring backpressure.
 *
 * When the stream's buffer is full, lines wait in a queue until `drain`; `onBackpressure` lets the
 * engine pause reading upstream bodies meanwhile. Nothing but JSON-RPC lines ever goes here.
 */
export class ClientWriter {
  private queue: string[] = [];
  private blocked = false;
  private broken = false;
  /** Client ids a JS number cannot carry: written back as the client's own text. */
  readonly rawIds = new RawIdAliases();

  constructor(
    private readonly out: Writable,
    private readonly onGone: () => void,
  ) {
    out.on('error', () => {
      // EPIPE: the client is gone; the proxy shuts down
      this.broken = true;
      this.onGone();
    });
  }

  /** Serializes and writes one message; `raw` is used as-is when it is a single line. */
  write(message: unknown, raw?: string): void {
    if (this.broken) return;
    const line =
      (raw !== undefined && !raw.includes('\n')
        ? raw
        : (this.rawIds.serialize(message) ?? JSON.stringify(message))) + '\n';
    if (this.blocked) {
      this.queue.push(line);
      return;
    }
    if (!this.out.write(line)) {
      this.blocked = true;
      this.out.once('drain', () => this.drain());
    }
  }

  /** Resolves when everything queued has been handed to the stream. */
  async flush(): Promise<void> {
    while (this.blocked && !this.broken) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  private drain(): void {
    this.blocked = false;
    const pending = this.queue;
    this.queue = [];
    for (let index = 0; index < pending.length; index += 1) {
      if (!this.out.write(pending[index])) {
        this.queue = pending.slice(index + 1).concat(this.queue);
        this.blocked = true;
        this.out.once('drain', () => this.drain());
        return;
      }
    }
  }
}
