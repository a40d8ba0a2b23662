/** How long "Pause notifications" lasts. */
export type PauseChoice = 'hour' | 'tomorrow';

/** Pure: when a pause chosen at `now` ends: in one hour, or tomorrow at 08:00 local time. */
export function pauseUntil(choice: PauseChoice, now: Date): Date {
  if (choice === 'hour') return new Date(now.getTime() + 3_600_000);
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 8, 0, 0, 0);
  return next;
}

/** True while a pause set to end at `until` (ISO or null) still holds at `now`. */
export function isPaused(until: string | null, now: Date): boolean {
  return until !== null && Date.parse(until) > now.getTime();
}
