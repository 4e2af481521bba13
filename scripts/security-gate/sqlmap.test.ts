import { describe, expect, it } from 'vitest';
import { sqlmapVerdict } from './sqlmap';

describe('sqlmapVerdict', () => {
  it('reads a clean run as not injectable', () => {
    expect(sqlmapVerdict('[WARNING] ...\n[CRITICAL] all tested parameters do not appear to be injectable. Try to increase values').verdict).toBe('not injectable');
  });

  it('reads an identified injection point as INJECTABLE and names the parameter', () => {
    const out = 'sqlmap identified the following injection point(s) with a total of 40 HTTP(s) requests:\n---\nParameter: q (GET)\n    Type: boolean-based blind\n';
    expect(sqlmapVerdict(out)).toEqual({ verdict: 'INJECTABLE', detail: 'injectable: q (GET)' });
  });

  it('does not count a column-count guess that sqlmap itself rejected', () => {
    const out = "[INFO] target URL appears to be UNION injectable with 6 columns\n[WARNING] (custom) POST parameter 'JSON #4*' does not seem to be injectable\n[ERROR] all tested parameters do not appear to be injectable.";
    expect(sqlmapVerdict(out).verdict).toBe('not injectable');
  });

  it('never reads a run that could not reach the target as a pass', () => {
    expect(sqlmapVerdict("[CRITICAL] unable to connect to the target URL ('Connection refused')").verdict).toBe('inconclusive');
    expect(sqlmapVerdict('').verdict).toBe('inconclusive');
  });
});
