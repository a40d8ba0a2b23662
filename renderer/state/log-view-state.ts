import type { LogClient, LogEventLevel } from '../../shared/log-events.js';
import type { LogFilter } from '../../shared/logs-contract.js';

/**
 * What the log viewer shows, as it lives in the URL (`#/logs?…`): filters, time range and position.
 * Accepts every parameter of `logViewHref` (server, client, around, file, line, q), so evidence links
 * from findings and timelines open the viewer at their event. Pure: parsed and written without React.
 */
export type RangeKey = '15m' | '1h' | '24h' | '7d' | 'all' | 'custom';

export type LogViewState = {
  q: string;
  regex: boolean;
  matchCase: boolean;
  /** Levels shown; all four when none are named. */
  levels: LogEventLevel[];
  clients: LogClient[];
  servers: string[];
  hideClients: LogClient[];
  hideServers: string[];
  kinds: string[];
  range: RangeKey;
  /** Epoch ms, for `custom`. */
  from?: number;
  to?: number;
  /** Position: the moment the list is scrolled to (epoch ms). */
  around?: number;
  /** The selected event's source line. */
  file?: string;
  line?: number;
};

export const ALL_LEVELS: readonly LogEventLevel[] = ['error', 'warn', 'info', 'debug'];
const CLIENTS: readonly LogClient[] = ['claude-code', 'claude-desktop', 'cursor', 'tether'];
export const RANGE_MS: Record<Exclude<RangeKey, 'all' | 'custom'>, number> = {
  '15m': 15 * 60_000,
  '1h': 3600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
};

export const DEFAULT_VIEW: LogViewState = {
  q: '',
  regex: false,
  matchCase: false,
  levels: [...ALL_LEVELS],
  clients: [],
  servers: [],
  hideClients: [],
  hideServers: [],
  kinds: [],
  range: 'all',
};

const isClient = (value: string): value is LogClient => (CLIENTS as readonly string[]).includes(value);
const isLevel = (value: string): value is LogEventLevel => (ALL_LEVELS as readonly string[]).includes(value);

function time(value: string | null): number | undefined {
  if (!value) return undefined;
  const parsed = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * A `server` parameter may be a log server name or a status-model key (the identity as one JSON
 * string, `["client","scope","project","name"]`): either way the viewer filters by the name.
 */
function serverName(value: string): { name: string; client?: string } {
  if (value.startsWith('[')) {
    try {
      const parts = JSON.parse(value) as unknown[];
      const name = parts[parts.length - 1];
      if (typeof name === 'string')
        return { name, ...(typeof parts[0] === 'string' ? { client: parts[0] } : {}) };
    } catch {
      // not JSON: a plain name that starts with '['
    }
  }
  return { name: value };
}

export function parseLogView(search: string): LogViewState {
  const params = new URLSearchParams(search);
  const list = (name: string): string[] =>
    params
      .getAll(name)
      .flatMap((value) => value.split(','))
      .filter(Boolean);
  const servers = params.getAll('server').map(serverName);
  const levels = list('level').filter(isLevel);
  const clients = [
    ...list('client'),
    ...servers.flatMap((server) => (server.client ? [server.client] : [])),
  ].filter(isClient);
  const range = params.get('range') as RangeKey | null;
  const line = Number(params.get('line'));
  const state: LogViewState = {
    ...DEFAULT_VIEW,
    q: params.get('q') ?? '',
    regex: params.get('re') === '1',
    matchCase: params.get('case') === '1',
    levels: levels.length ? ALL_LEVELS.filter((level) => levels.includes(level)) : [...ALL_LEVELS],
    clients: [...new Set(clients)],
    servers: servers.map((server) => server.name),
    hideClients: list('hideClient').filter(isClient),
    hideServers: params.getAll('hide'),
    kinds: list('kind'),
    range: range && (range in RANGE_MS || range === 'all' || range === 'custom') ? range : 'all',
  };
  const from = time(params.get('from'));
  const to = time(params.get('to'));
  const around = time(params.get('around'));
  if (state.range === 'custom' && from !== undefined) state.from = from;
  if (state.range === 'custom' && to !== undefined) state.to = to;
  if (state.range === 'custom' && from === undefined && to === undefined) state.range = 'all';
  if (around !== undefined) state.around = around;
  const file = params.get('file');
  if (file) state.file = file;
  if (file && Number.isInteger(line) && line > 0) state.line = line;
  return state;
}

/** The query string of a view (without `?`); defaults are left out so links stay short. */
export function serializeLogView(state: LogViewState): string {
  const params = new URLSearchParams();
  for (const server of state.servers) params.append('server', server);
  for (const client of state.clients) params.append('client', client);
  for (const server of state.hideServers) params.append('hide', server);
  for (const client of state.hideClients) params.append('hideClient', client);
  if (state.levels.length !== ALL_LEVELS.length) params.set('level', state.levels.join(','));
  if (state.kinds.length) params.set('kind', state.kinds.join(','));
  if (state.q) params.set('q', state.q);
  if (state.regex) params.set('re', '1');
  if (state.matchCase) params.set('case', '1');
  if (state.range !== 'all') params.set('range', state.range);
  if (state.range === 'custom' && state.from !== undefined)
    params.set('from', new Date(state.from).toISOString());
  if (state.range === 'custom' && state.to !== undefined) params.set('to', new Date(state.to).toISOString());
  if (state.around !== undefined) params.set('around', new Date(state.around).toISOString());
  if (state.file) params.set('file', state.file);
  if (state.file && state.line !== undefined) params.set('line', String(state.line));
  return params.toString();
}

/** The service filter of a view at `now` (relative ranges slide with it). */
export function filterOf(state: LogViewState, now: number): LogFilter {
  const filter: LogFilter = {};
  if (state.clients.length) filter.clients = state.clients;
  if (state.servers.length) filter.servers = state.servers;
  if (state.hideClients.length) filter.hideClients = state.hideClients;
  if (state.hideServers.length) filter.hideServers = state.hideServers;
  if (state.levels.length !== ALL_LEVELS.length) filter.levels = state.levels;
  if (state.kinds.length) filter.kinds = state.kinds;
  if (state.q) {
    filter.q = state.q;
    if (state.regex) filter.regex = true;
    if (state.matchCase) filter.matchCase = true;
  }
  if (state.range === 'custom') {
    if (state.from !== undefined) filter.from = state.from;
    if (state.to !== undefined) filter.to = state.to;
  } else if (state.range !== 'all') filter.from = now - RANGE_MS[state.range];
  return filter;
}

/** New events can still arrive in this view (its range is open towards now). */
export function isLiveRange(state: LogViewState, now: number): boolean {
  return state.range !== 'custom' || state.to === undefined || state.to >= now;
}

/** The filters only (no position): two views with the same key show the same rows. */
export function filterKey(state: LogViewState): string {
  return serializeLogView({ ...state, around: undefined, file: undefined, line: undefined });
}
