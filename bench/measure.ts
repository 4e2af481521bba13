/** Timing helpers for the benchmarks: warm up, time each iteration, report percentiles. */
import { performance } from 'node:perf_hooks';

export type TTiming = { p50: number; p95: number; iterations: number };

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/**
 * Times `run` once per iteration. `prepare` runs before each timed call and is not timed
 * (e.g. building a fresh ability so cached rule ASTs do not flatter the translation).
 */
export function measure<T>(iterations: number, prepare: () => T, run: (input: T) => unknown): TTiming {
  const warmUp = Math.max(50, Math.floor(iterations / 10));
  const samples: number[] = [];
  let sink: unknown;
  for (let i = 0; i < warmUp + iterations; i++) {
    const input = prepare();
    const start = performance.now();
    sink = run(input);
    const elapsed = performance.now() - start;
    if (i >= warmUp) samples.push(elapsed);
  }
  // Keep the result observable so the engine cannot drop the work as dead code.
  if (sink === Symbol.for('never')) console.log('unreachable');
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), iterations };
}
