import type { HeaderArg } from './doctor-headers.js';

/**
 * The shapes of a doctor run: one verdict per layer of the path to a remote MCP server.
 *
 * `DoctorReport` is what `tether doctor --json` prints and what `<dataDir>/doctor/*.json` holds; it is
 * documented in docs/cli.md and only grows (fields may be added, never renamed or removed).
 */

/** `pass` works; `warn` works but will bite (a cut, a 400 on stale sessions); `fail` broken; `skip` not probed. */
export type Verdict = 'pass' | 'warn' | 'fail' | 'skip';

/** The layers, in probe order. */
export type LayerId =
  | 'dns'
  | 'tcp'
  | 'tls'
  | 'initialize'
  | 'protocol-version'
  | 'tools-list'
  | 'wrong-accept'
  | 'stale-session'
  | 'auth'
  | 'idle-hold';

/** One layer's outcome. `remedy` is set whenever the verdict is `warn` or `fail`. */
export type LayerResult = {
  id: LayerId;
  verdict: Verdict;
  /** One line: what was observed. */
  summary: string;
  /** One or two sentences: what to change, and where. */
  remedy?: string;
  durationMs: number;
  /** Layer-specific facts (status codes, addresses, versions, timings); never secrets. */
  details?: Record<string, unknown>;
};

/** The measured idle cut of a held GET stream, when `--hold` was given. */
export type IdleCut = {
  /** How long the stream was held open (seconds asked for). */
  heldSeconds: number;
  /** Seconds from the stream's response headers to its end; null when it survived the hold. */
  cutAfterSeconds: number | null;
  /** Seconds of silence (no byte) before the cut; null when it survived. */
  silentBeforeCutSeconds: number | null;
  /** SSE comment lines (`: keepalive`) seen, and their median spacing in seconds. */
  keepAlives: number;
  keepAliveEverySeconds: number | null;
  /** How the stream ended: `eof` (clean), `error` (reset, premature close), or `held` (we closed it). */
  endedBy: 'eof' | 'error' | 'held';
  /** The usual intermediary for that cut age, when one matches. */
  likelyCause: string | null;
};

export type DoctorReport = {
  schema: 'tether.doctor/1';
  tetherVersion: string;
  /** The probed URL, credentials in it redacted. */
  url: string;
  host: string;
  port: number;
  scheme: 'http' | 'https';
  startedAt: string;
  finishedAt: string;
  /** Extra request headers: names kept, values redacted. */
  headers: Record<string, string>;
  /** Worst verdict over all layers (`skip` counts as `pass`). */
  verdict: Exclude<Verdict, 'skip'>;
  layers: LayerResult[];
  /** Negotiated MCP protocol version, when `initialize` succeeded. */
  protocolVersion: string | null;
  idleCut: IdleCut | null;
};

/** Progress while probing, for stderr: a layer starting, or a tick while holding the stream. */
export type DoctorProgress =
  | { kind: 'layer'; layer: LayerId }
  | { kind: 'hold'; elapsedSeconds: number; holdSeconds: number; bytes: number; keepAlives: number };

/** What runDoctor probes (URL and headers), how long it holds the stream, and whom it tells of progress. */
export type DoctorOptions = {
  url: string;
  /** Extra headers (`${ENV}` already expanded); never allowed to replace Accept or Content-Type. */
  headers?: readonly HeaderArg[];
  /** Seconds to hold a GET stream open to measure idle cuts; 0 skips the layer. */
  holdSeconds?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  onProgress?: (progress: DoctorProgress) => void;
  /** Injected for tests; wall-clock otherwise. */
  now?: () => number;
};
