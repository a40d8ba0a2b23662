import type { ServerStatus } from '../../../shared/timeline-model.js';

/**
 * How each status (docs/ARCHITECTURE.md "Server identity and status") is drawn: the word (a space for the hyphen), a shape and a colour
 * variable, so a status never rests on colour alone. `needs-auth` is drawn calmly: an expected step.
 */
export type StatusLook = {
  word: string;
  shape: 'disc' | 'triangle' | 'arrows' | 'square' | 'key' | 'ring' | 'hexagon' | 'dashed';
  tone: string;
};

export const STATUS_LOOK: Record<ServerStatus, StatusLook> = {
  connected: { word: 'connected', shape: 'disc', tone: 'var(--st-ok)' },
  degraded: { word: 'degraded', shape: 'triangle', tone: 'var(--st-warn)' },
  reconnecting: { word: 'reconnecting', shape: 'arrows', tone: 'var(--st-warn)' },
  'session-expired': { word: 'session expired', shape: 'hexagon', tone: 'var(--st-bad)' },
  'needs-auth': { word: 'needs auth', shape: 'key', tone: 'var(--st-auth)' },
  'upstream-down': { word: 'upstream down', shape: 'square', tone: 'var(--st-bad)' },
  'never-attached': { word: 'never attached', shape: 'ring', tone: 'var(--st-idle)' },
  unknown: { word: 'unknown', shape: 'dashed', tone: 'var(--st-idle)' },
};

/** The word for a status (ARCHITECTURE.md's, with a space for the hyphen). */
export function statusWord(status: ServerStatus): string {
  return STATUS_LOOK[status].word;
}
