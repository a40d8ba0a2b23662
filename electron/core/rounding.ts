/** Rounds to one decimal, for ages, uptimes and gaps in seconds meant to be read by people. */
export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
