import { diagnoseAll } from '../../diagnose/diagnose.js';
import { buildTimelines } from '../../timeline/build-timelines.js';
import type { Collector } from '../collector.js';

/**
 * `timelines.json` and `findings.json`: the logs engineer's timelines and diagnosis over the same
 * window as the raw logs, read once for both files.
 */
export const timelinesCollector: Collector = {
  name: 'timelines',
  async collect({ pathEnv, dataDir, window, now }) {
    const { timelines, scan } = await buildTimelines({
      pathEnv,
      dataDir,
      sinceMs: now - window.maxAgeMs,
      maxFiles: window.maxFilesPerCollector,
      maxBytesPerFile: window.maxBytesPerFile,
    });
    const findings = diagnoseAll(timelines)
      .filter((entry) => entry.findings.length > 0)
      .map((entry) => ({ server: entry.timeline.server, findings: entry.findings }));
    return [
      {
        path: 'timelines.json',
        content: JSON.stringify({
          timelines,
          problems: scan.problems,
          events: scan.events,
          malformed: scan.malformed,
        }),
      },
      { path: 'findings.json', content: JSON.stringify(findings) },
    ];
  },
};
