import type { ServerTimeline } from '../../../shared/timeline-model.js';
import { serverExitedRule, unreachableCallsRule } from './call-rules.js';
import type { DiagnoseContext, Finding, Rule } from './finding.js';
import { idleCutRule } from './idle-cut-rule.js';
import {
  clientSideDropsRule,
  crashLoopRule,
  downAtStartRule,
  emptyToolsRule,
  slowCallsRule,
} from './lifecycle-rules.js';
import { acceptRule, authRule, dnsRule, rateLimitRule, staleSessionRule } from './protocol-rules.js';
import { proxyOutageRule, proxyRecoveredRule } from './proxy-rules.js';

/** Every rule, most specific first; each returns at most one finding per server. */
export const RULES: ReadonlyArray<Rule> = [
  proxyOutageRule,
  idleCutRule,
  staleSessionRule,
  acceptRule,
  authRule,
  rateLimitRule,
  dnsRule,
  downAtStartRule,
  unreachableCallsRule,
  serverExitedRule,
  emptyToolsRule,
  crashLoopRule,
  slowCallsRule,
  clientSideDropsRule,
  proxyRecoveredRule,
];

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** A server is wrapped when it has a proxy (journal or live) or is the proxy's own journal. */
function isWrapped(timeline: ServerTimeline): boolean {
  return timeline.server.client === 'tether' || timeline.proxy !== undefined;
}

/**
 * Runs every rule on one server's timeline; findings come back worst first, then newest evidence first.
 * `context.wrapped` defaults to what the timeline shows (a proxy journal); the CLI passes what the
 * client's config says, which also knows servers wrapped since their last log line.
 */
export function diagnose(
  timeline: ServerTimeline,
  rules: ReadonlyArray<Rule> = RULES,
  context: Partial<DiagnoseContext> = {},
): Finding[] {
  const full: DiagnoseContext = { wrapped: context.wrapped ?? isWrapped(timeline) };
  const findings: Finding[] = [];
  for (const rule of rules) {
    const found = rule(timeline, full);
    if (found) findings.push({ ...found, serverKey: timeline.key });
  }
  const newest = (finding: Finding): string => finding.evidence.at(-1)?.time ?? '';
  return findings.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (newest(a) < newest(b) ? 1 : newest(a) > newest(b) ? -1 : 0),
  );
}

/** Runs `diagnose` over many timelines; `wrapped` says, per timeline, what the configs know (else inferred). */
export function diagnoseAll(
  timelines: readonly ServerTimeline[],
  wrapped?: (timeline: ServerTimeline) => boolean | undefined,
): Array<{ timeline: ServerTimeline; findings: Finding[] }> {
  return timelines.map((timeline) => {
    const known = wrapped?.(timeline);
    return { timeline, findings: diagnose(timeline, RULES, known === undefined ? {} : { wrapped: known }) };
  });
}

export type { DiagnoseContext, Finding, Rule } from './finding.js';
