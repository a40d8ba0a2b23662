import type { Distribution } from '../../../shared/timeline-model.js';

/** A bounded sample of numbers (the newest `limit`), summarised as min/p50/p90/max. */
export class Sample {
  private readonly values: number[] = [];
  private total = 0;

  constructor(private readonly limit = 2000) {}

  add(value: number): void {
    this.total++;
    this.values.push(value);
    if (this.values.length > this.limit) this.values.shift();
  }

  list(): number[] {
    return [...this.values];
  }

  summary(): Distribution {
    return summarize(this.values, this.total);
  }
}

/** min/p50/p90/max of a list (nearest-rank quantiles); `count` may exceed the kept sample. */
export function summarize(values: readonly number[], count = values.length): Distribution {
  if (values.length === 0) return { count };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { count, min: sorted[0]!, p50: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1]! };
}
