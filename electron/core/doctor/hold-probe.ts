import http from 'node:http';
import https from 'node:https';
import type { DoctorProgress, IdleCut, LayerResult } from './doctor-types.js';
import { headerValue } from './http-exchange.js';
import { idleCutRemedy, likelyCutCause } from './idle-cut-causes.js';
import { round1 } from '../rounding.js';
import { ACCEPT_GET, sessionHeaders, type McpTarget } from './mcp-request.js';
import { createSseParser } from '../../../shared/sse-parser.js';

/** A cut shorter than this is pathological enough to fail: clients reconnect in a hot loop. */
const FAIL_BELOW_SECONDS = 10;

/**
 * Opens the GET SSE stream (what clients keep open for server notifications) and holds it for
 * `holdSeconds`, timing any cut from the response headers to the end of the body.
 */
export async function probeIdleHold(
  target: McpTarget,
  holdSeconds: number,
  onProgress: (progress: DoctorProgress) => void,
): Promise<{ layer: LayerResult; idleCut: IdleCut | null }> {
  if (holdSeconds <= 0) {
    return {
      layer: {
        id: 'idle-hold',
        verdict: 'skip',
        summary: 'not held (use --hold 120 to measure idle cuts)',
        durationMs: 0,
      },
      idleCut: null,
    };
  }
  const outcome = await holdStream(target, holdSeconds, onProgress);
  if (outcome.kind === 'refused') return { layer: outcome.layer, idleCut: null };
  const { cut } = outcome;
  const details = { ...cut };
  const durationMs = outcome.durationMs;
  if (cut.cutAfterSeconds === null) {
    const alive =
      cut.keepAlives > 0 ? `, keep-alives every ${cut.keepAliveEverySeconds ?? '?'} s` : ', no keep-alives';
    return {
      layer: {
        id: 'idle-hold',
        verdict: 'pass',
        summary: `stream stayed open for ${holdSeconds} s${alive}`,
        durationMs,
        details,
      },
      idleCut: cut,
    };
  }
  const age = cut.cutAfterSeconds;
  return {
    layer: {
      id: 'idle-hold',
      verdict: age < FAIL_BELOW_SECONDS ? 'fail' : 'warn',
      summary: `stream cut after ${age.toFixed(1)} s (${cut.endedBy === 'eof' ? 'clean end' : 'connection error'}, silent ${cut.silentBeforeCutSeconds?.toFixed(1)} s before)`,
      remedy: idleCutRemedy(age, cut.keepAliveEverySeconds, cut.silentBeforeCutSeconds ?? age),
      durationMs,
      details,
    },
    idleCut: cut,
  };
}

type HoldOutcome =
  { kind: 'held'; cut: IdleCut; durationMs: number } | { kind: 'refused'; layer: LayerResult };

function holdStream(
  target: McpTarget,
  holdSeconds: number,
  onProgress: (progress: DoctorProgress) => void,
): Promise<HoldOutcome> {
  const started = performance.now();
  const send = target.url.protocol === 'https:' ? https.request : http.request;
  const headers = { ...target.headers, Accept: ACCEPT_GET, ...sessionHeaders(target) };
  return new Promise((resolve) => {
    const req = send(target.url, { method: 'GET', headers, agent: false }, (res) => {
      const status = res.statusCode ?? 0;
      const contentType = headerValue(res.headers, 'content-type') ?? '';
      if (status !== 200 || !contentType.includes('text/event-stream')) {
        clearTimeout(connectTimer);
        res.resume();
        resolve({ kind: 'refused', layer: refusedLayer(status, performance.now() - started) });
        req.destroy();
        return;
      }
      clearTimeout(connectTimer);
      const openedAt = performance.now();
      let lastByteAt = openedAt;
      let bytes = 0;
      const keepAliveTimes: number[] = [];
      let settled = false;
      const parser = createSseParser({
        onEvent: () => undefined,
        onComment: () => void keepAliveTimes.push(performance.now()),
      });
      const finish = (endedBy: IdleCut['endedBy']): void => {
        if (settled) return;
        settled = true;
        clearInterval(ticker);
        clearTimeout(holdTimer);
        const end = performance.now();
        const cutAfter = endedBy === 'held' ? null : round1((end - openedAt) / 1000);
        resolve({
          kind: 'held',
          durationMs: end - started,
          cut: {
            heldSeconds: holdSeconds,
            cutAfterSeconds: cutAfter,
            silentBeforeCutSeconds: endedBy === 'held' ? null : round1((end - lastByteAt) / 1000),
            keepAlives: keepAliveTimes.length,
            keepAliveEverySeconds: medianGapSeconds(keepAliveTimes),
            endedBy,
            likelyCause: cutAfter === null ? null : likelyCutCause(cutAfter),
          },
        });
        res.destroy();
      };
      const ticker = setInterval(() => {
        onProgress({
          kind: 'hold',
          elapsedSeconds: Math.round((performance.now() - openedAt) / 1000),
          holdSeconds,
          bytes,
          keepAlives: keepAliveTimes.length,
        });
      }, 1000);
      const holdTimer = setTimeout(() => finish('held'), holdSeconds * 1000);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        bytes += Buffer.byteLength(chunk);
        lastByteAt = performance.now();
        parser.push(chunk);
      });
      res.on('end', () => finish('eof'));
      res.on('error', () => finish('error'));
      res.on('close', () => finish(res.complete ? 'eof' : 'error'));
    });
    const connectTimer = setTimeout(() => req.destroy(new Error('timeout')), target.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(connectTimer);
      resolve({
        kind: 'refused',
        layer: {
          id: 'idle-hold',
          verdict: 'fail',
          summary: `GET stream did not open (${error.code ?? error.message})`,
          remedy:
            'POSTs work but the GET stream does not open: check the gateway route for GET and its timeouts.',
          durationMs: performance.now() - started,
        },
      });
    });
    req.end();
  });
}

function refusedLayer(status: number, durationMs: number): LayerResult {
  const details = { status };
  if (status === 405)
    return {
      id: 'idle-hold',
      verdict: 'skip',
      summary: 'HTTP 405: the server offers no GET stream (notifications only ride on POST answers)',
      durationMs,
      details,
    };
  if (status === 409)
    return {
      id: 'idle-hold',
      verdict: 'warn',
      summary: 'HTTP 409: the server believes another GET stream is open for this session',
      remedy:
        'The server keeps dead streams registered; clients must wait before reopening. Let it drop a stream when its write fails.',
      durationMs,
      details,
    };
  return {
    id: 'idle-hold',
    verdict: 'warn',
    summary: `GET stream refused with HTTP ${status}`,
    remedy:
      status === 404 || status === 400
        ? 'A GET refusal on a live session makes some clients tear the session down (F13): serve GET /mcp with text/event-stream, or answer 405 if there is no stream.'
        : 'Serve GET with text/event-stream, or 405 when the server has no GET stream.',
    durationMs,
    details,
  };
}

function medianGapSeconds(times: number[]): number | null {
  if (times.length < 2) return null;
  const gaps = times
    .slice(1)
    .map((time, index) => time - times[index]!)
    .sort((a, b) => a - b);
  return round1(gaps[Math.floor(gaps.length / 2)]! / 1000);
}
