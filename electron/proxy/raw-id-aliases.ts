import { PROXY_ID_PREFIX } from '../../shared/proxy-errors.js';

/** Aliases alive at once; a client that never gets answers (cancelled calls) cannot grow this forever. */
const MAX_ALIASES = 10_000;

/**
 * Client request ids that a JavaScript number cannot carry exactly (`9007199254740993`, `1.0`, `1e400`).
 *
 * Such a request travels inside the proxy under a string alias (`tether:c<n>`, in the proxy's reserved
 * id space, so no client id can collide with it); the answer to the client gets the original number
 * text back in place of the alias. Requests in flight with the same number text share one alias, so
 * the engine's "already in flight" check still sees them as the same id.
 */
export class RawIdAliases {
  private next = 0;
  private readonly byAlias = new Map<string, { raw: string; uses: number }>();
  private readonly byRaw = new Map<string, string>();

  /** The alias for `raw` (a number's source text), counted once per request that will be answered. */
  alias(raw: string): string {
    const existing = this.byRaw.get(raw);
    if (existing) {
      this.byAlias.get(existing)!.uses++;
      return existing;
    }
    if (this.byAlias.size >= MAX_ALIASES) this.release(this.byAlias.keys().next().value as string, true);
    const alias = `${PROXY_ID_PREFIX}c${++this.next}`;
    this.byAlias.set(alias, { raw, uses: 1 });
    this.byRaw.set(raw, alias);
    return alias;
  }

  /** The alias under which `raw` is in flight now, if any (for `notifications/cancelled`). */
  inFlight(raw: string): string | undefined {
    return this.byRaw.get(raw);
  }

  /**
   * One JSON line for `message`, with an aliased `id` written back as the client's number text; the
   * alias is released after its last answer. Undefined when `message` carries no alias.
   */
  serialize(message: unknown): string | undefined {
    const id = (message as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || !id.startsWith(PROXY_ID_PREFIX)) return undefined;
    const entry = this.byAlias.get(id);
    if (!entry) return undefined;
    this.release(id, false);
    // `id` first, so the placeholder is at a known place: no search through the payload.
    const rest: Record<string, unknown> = { ...(message as Record<string, unknown>) };
    delete rest['id'];
    const body = JSON.stringify(rest);
    return `{"id":${entry.raw}${body === '{}' ? '}' : `,${body.slice(1)}`}`;
  }

  private release(alias: string, all: boolean): void {
    const entry = this.byAlias.get(alias);
    if (!entry) return;
    entry.uses--;
    if (!all && entry.uses > 0) return;
    this.byAlias.delete(alias);
    this.byRaw.delete(entry.raw);
  }
}
