import type { ServerTimeline } from '../../../shared/timeline-model.js';
import type { Finding, Rule } from './finding.js';
import { idleCutRule } from './idle-cut-rule.js';
import {
  clientSideDropsRule,
  crashLoopRule,
  downAtStartRule,
  emptyToolsRule,
  slowCallsRule,
} from './lifecycle-rules.js';
import { acceptRule, authRule, dnsRule, rateLimitRule, staleSessionRule } from './protocol-rules.js';

/** Every rule, most specific first; each returns at most one finding per server. */
export const RULES: ReadonlyArray<Rule> = [
  idleCutRule,
  staleSessionRule,
  acceptRule,
  authRule,
  rateLimitRule,
  dnsRule,
  downAtStartRule,
  emptyToolsRule,
  crashLoopRule,
  slowCallsRule,
  clientSideDropsRule,
];

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** Runs every rule on one server's timeline; findings come back worst first. */
export function diagnose(timeline: ServerTimeline, rules: ReadonlyArray<Rule> = RULES): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const found = rule(timeline);
    if (found) findings.push({ ...found, serverKey: timeline.key });
  }
  return findings.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

/** Runs `diagnose` over many timelines. */
export function diagnoseAll(
  timelines: readonly ServerTimeline[],
): Array<{ timeline: ServerTimeline; findings: Finding[] }> {
  return timelines.map((timeline) => ({ timeline, findings: diagnose(timeline) }));
}

export type { Finding, Rule } from './finding.js';
