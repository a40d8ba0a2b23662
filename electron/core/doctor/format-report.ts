import type { DoctorProgress, DoctorReport, LayerId, Verdict } from './doctor-types.js';

/** Display names of the layers, padded to one column. */
const LAYER_LABELS: Record<LayerId, string> = {
  dns: 'DNS',
  tcp: 'TCP',
  tls: 'TLS',
  initialize: 'initialize',
  'protocol-version': 'protocol',
  'tools-list': 'tools/list',
  'wrong-accept': 'wrong Accept',
  'stale-session': 'stale session',
  auth: 'auth',
  'idle-hold': 'idle hold',
};

const VERDICT_COLOURS: Record<Verdict, string> = { pass: '32', warn: '33', fail: '31', skip: '90' };

/** The human report: one line per layer, the remedy under every warn/fail, and a closing verdict. */
export function formatDoctorReport(
  report: DoctorReport,
  options: { colour: boolean; savedTo?: string },
): string {
  const paint = (verdict: Verdict, text: string): string =>
    options.colour ? `\u001b[${VERDICT_COLOURS[verdict]}m${text}\u001b[0m` : text;
  const width = Math.max(...Object.values(LAYER_LABELS).map((label) => label.length));
  const lines = [`tether doctor ${report.url}`];
  for (const layer of report.layers) {
    lines.push(
      `  ${paint(layer.verdict, layer.verdict.toUpperCase().padEnd(4))}  ${LAYER_LABELS[layer.id].padEnd(width)}  ${layer.summary}`,
    );
    if (layer.remedy && (layer.verdict === 'warn' || layer.verdict === 'fail'))
      lines.push(`        ${''.padEnd(width)}  fix: ${layer.remedy}`);
  }
  const count = (verdict: Verdict): number =>
    report.layers.filter((layer) => layer.verdict === verdict).length;
  const cut = report.idleCut?.cutAfterSeconds;
  const cutText = cut === null || cut === undefined ? '' : `; idle cut at ${cut.toFixed(1)} s`;
  lines.push(
    `${paint(report.verdict, report.verdict.toUpperCase())}: ${count('fail')} failed, ${count('warn')} warnings, ${count('pass')} passed${cutText}`,
  );
  if (options.savedTo) lines.push(`saved: ${options.savedTo}`);
  return `${lines.join('\n')}\n`;
}

/** One progress line for stderr, or null when nothing should be printed for this tick. */
export function formatDoctorProgress(progress: DoctorProgress, tty: boolean): string | null {
  if (progress.kind === 'layer') return `[tether] doctor: ${LAYER_LABELS[progress.layer]}...\n`;
  const line = `[tether] doctor: holding GET stream ${progress.elapsedSeconds}/${progress.holdSeconds} s, ${progress.bytes} bytes, ${progress.keepAlives} keep-alives`;
  // On a terminal the line rewrites itself every second; in a log, one line every 5 s is enough.
  if (tty) return `\r${line}\u001b[K${progress.elapsedSeconds >= progress.holdSeconds ? '\n' : ''}`;
  return progress.elapsedSeconds % 5 === 0 ? `${line}\n` : null;
}
