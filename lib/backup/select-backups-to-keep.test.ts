import { describe, expect, it } from 'vitest';
import { selectBackupsToKeep, yearsBefore, type TBackupRef } from './select-backups-to-keep';

const at = (iso: string): Date => new Date(iso.length === 10 ? `${iso}T02:00:00Z` : iso);
const ref = (iso: string, id = iso): TBackupRef => ({ id, takenAt: at(iso) });
const dayNo = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
const isoOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** One backup a day at 02:00 UTC from `from` to `to` inclusive. */
function everyDay(from: string, to: string): TBackupRef[] {
  const out: TBackupRef[] = [];
  for (let d = dayNo(from); d <= dayNo(to); d++) out.push(ref(isoOf(d)));
  return out;
}

function kept(plan: ReturnType<typeof selectBackupsToKeep>, reason?: string): string[] {
  return plan.keep.filter((k) => !reason || k.reasons.includes(reason as never)).map((k) => k.id).sort();
}

describe('selectBackupsToKeep over a four-year daily calendar', () => {
  const now = at('2026-11-23T12:00:00Z');
  const plan = selectBackupsToKeep(everyDay('2022-11-01', '2026-11-23'), now);

  it('keeps the 90 most recent days (today included) as daily', () => {
    const daily = kept(plan, 'daily');
    expect(daily).toHaveLength(90);
    expect(daily[0]).toBe('2026-08-26');
    expect(daily.at(-1)).toBe('2026-11-23');
  });

  it('keeps every Monday less than one year old and no other weekday beyond 90 days', () => {
    const weekly = kept(plan, 'weekly');
    expect(weekly[0]).toBe('2025-11-24');
    expect(weekly).not.toContain('2025-11-17');
    expect(weekly.every((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
    expect(weekly).toHaveLength(53); // 2025-11-24 … 2026-11-23
    const old = plan.keep.filter((k) => k.takenAt < at('2026-08-26') && !k.reasons.includes('monthly'));
    expect(old.every((k) => k.takenAt.getUTCDay() === 1)).toBe(true);
  });

  it('keeps exactly 36 firsts of the month (three years)', () => {
    const monthly = kept(plan, 'monthly');
    expect(monthly).toHaveLength(36);
    expect(monthly[0]).toBe('2023-12-01');
    expect(monthly.at(-1)).toBe('2026-11-01');
    expect(kept(plan)).not.toContain('2023-11-01');
  });

  it('deletes everything else as expired, with the reason, and is idempotent', () => {
    expect(plan.keep.length + plan.delete.length).toBe(everyDay('2022-11-01', '2026-11-23').length);
    expect(plan.delete.every((d) => d.reason === 'expired')).toBe(true);
    expect(plan.delete.find((d) => d.id === '2026-08-25')?.detail).toMatch(/outside every window/);
    const again = selectBackupsToKeep(plan.keep, now);
    expect(again.delete).toEqual([]);
  });

  it('does not depend on input order', () => {
    const shuffled = everyDay('2022-11-01', '2026-11-23').reverse();
    expect(kept(selectBackupsToKeep(shuffled, now))).toEqual(kept(plan));
  });
});

describe('selectBackupsToKeep boundaries', () => {
  it('deletes a backup exactly 90 days old and keeps one 89 days old (UTC days, not hours)', () => {
    const now = at('2026-11-23T00:00:01Z');
    const plan = selectBackupsToKeep([ref('2026-08-25T23:59:59Z', 'd90'), ref('2026-08-26T00:00:00Z', 'd89'), ref('2026-11-23')], now);
    expect(kept(plan)).toEqual(['2026-11-23', 'd89']);
    expect(plan.delete.map((d) => d.id)).toEqual(['d90']);
  });

  it('deletes a Monday exactly one year old and keeps the next Monday', () => {
    const now = at('2026-11-24T08:00:00Z');
    const plan = selectBackupsToKeep([ref('2025-11-24'), ref('2025-12-08'), ref('2026-11-24')], now);
    expect(kept(plan, 'weekly')).toEqual(['2025-12-08']);
    expect(plan.delete.map((d) => d.id)).toEqual(['2025-11-24']);
  });

  it('deletes a 1st of the month exactly three years old and keeps the next one', () => {
    const now = at('2027-03-01T08:00:00Z');
    const plan = selectBackupsToKeep([ref('2024-03-01'), ref('2024-04-01'), ref('2027-03-01')], now);
    expect(kept(plan, 'monthly')).toEqual(['2024-04-01', '2027-03-01']);
    expect(plan.delete.map((d) => d.id)).toEqual(['2024-03-01']);
  });
});

describe('selectBackupsToKeep on leap years and month ends', () => {
  it('subtracts years from Feb 29 as Feb 28', () => {
    expect(isoOf(yearsBefore(dayNo('2028-02-29'), 1))).toBe('2027-02-28');
    expect(isoOf(yearsBefore(dayNo('2028-02-29'), 3))).toBe('2025-02-28');
    expect(isoOf(yearsBefore(dayNo('2028-02-29'), 4))).toBe('2024-02-29');
    expect(isoOf(yearsBefore(dayNo('2027-03-01'), 3))).toBe('2024-03-01');
  });

  it('on Feb 29 keeps the Monday after the clamped cutoff and the firsts after it', () => {
    const now = at('2028-02-29T12:00:00Z');
    const plan = selectBackupsToKeep([ref('2027-02-22'), ref('2027-03-01'), ref('2025-02-01'), ref('2025-03-01'), ref('2028-02-29')], now);
    expect(kept(plan, 'weekly')).toEqual(['2027-03-01']);
    expect(kept(plan, 'monthly')).toEqual(['2025-03-01', '2027-03-01']);
    expect(plan.delete.map((d) => d.id).sort()).toEqual(['2025-02-01', '2027-02-22']);
  });

  it('treats a Feb 29 backup like any other day (daily while young, deleted later unless Monday/1st)', () => {
    expect(kept(selectBackupsToKeep([ref('2024-02-29')], at('2024-03-10')), 'daily')).toEqual(['2024-02-29']);
    const later = selectBackupsToKeep([ref('2024-02-29'), ref('2024-03-01'), ref('2024-09-01')], at('2024-09-01'));
    expect(later.delete.map((d) => d.id)).toEqual(['2024-02-29']);
    expect(kept(later, 'monthly')).toEqual(['2024-03-01', '2024-09-01']);
  });

  it('classifies the month-end/month-start pair by UTC day to the millisecond', () => {
    const now = at('2026-11-23');
    const plan = selectBackupsToKeep([ref('2026-01-31T23:59:59.999Z', 'jan31'), ref('2026-02-01T00:00:00.000Z', 'feb1'), ref('2026-11-23')], now);
    expect(kept(plan, 'monthly')).toEqual(['feb1']);
    expect(plan.delete.map((d) => d.id)).toEqual(['jan31']);
  });

  it('uses UTC, not local time: 00:30 on Monday in Paris during DST is a Sunday backup', () => {
    const plan = selectBackupsToKeep([ref('2026-03-30T00:30:00+02:00', 'paris'), ref('2026-11-23')], at('2026-11-23'));
    expect(plan.delete.map((d) => d.id)).toEqual(['paris']);
  });
});

describe('selectBackupsToKeep with several backups a day and gaps', () => {
  it('keeps the newest backup of a day and deletes the others as superseded', () => {
    const now = at('2026-11-23T20:00:00Z');
    const plan = selectBackupsToKeep(
      [ref('2026-11-23T01:00:00Z', 'early'), ref('2026-11-23T13:00:00Z', 'late'), ref('2026-11-23T07:00:00Z', 'mid'), ref('2026-06-01T01:00:00Z', 'old1'), ref('2026-06-01T09:00:00Z', 'old2')],
      now,
    );
    expect(kept(plan)).toEqual(['late', 'old2']);
    expect(plan.delete.map((d) => [d.id, d.reason]).sort()).toEqual([['early', 'superseded'], ['mid', 'superseded'], ['old1', 'superseded']]);
  });

  it('breaks a takenAt tie by id so the result is deterministic', () => {
    const plan = selectBackupsToKeep([ref('2026-11-20T01:00:00Z', 'a'), ref('2026-11-20T01:00:00Z', 'b')], at('2026-11-23'));
    expect(kept(plan)).toEqual(['b']);
  });

  it('does not substitute a Tuesday for a missing Monday, nor a 2nd for a missing 1st', () => {
    const now = at('2026-11-23');
    const plan = selectBackupsToKeep([ref('2026-03-31'), ref('2026-04-02'), ref('2026-11-23')], now);
    expect(plan.delete.map((d) => d.id).sort()).toEqual(['2026-03-31', '2026-04-02']);
  });

  it('always keeps the newest backup, even when backups stopped long ago', () => {
    const plan = selectBackupsToKeep([ref('2020-01-07'), ref('2020-01-08')], at('2026-11-23'));
    expect(plan.keep.map((k) => [k.id, k.reasons])).toEqual([['2020-01-08', ['newest']]]);
    expect(plan.delete.map((d) => d.id)).toEqual(['2020-01-07']);
  });

  it('keeps a backup dated in the future (clock skew) and still applies the policy to the rest', () => {
    const plan = selectBackupsToKeep([ref('2026-11-25', 'future'), ref('2026-11-23', 'today'), ref('2026-11-23T01:00:00Z', 'earlier')], at('2026-11-23T12:00:00Z'));
    expect(plan.keep.map((k) => [k.id, k.reasons])).toEqual([['future', ['future']], ['today', ['daily', 'weekly']]]);
    expect(plan.delete.map((d) => d.id)).toEqual(['earlier']);
  });

  it('returns an empty plan for no backups', () => {
    expect(selectBackupsToKeep([], at('2026-11-23'))).toEqual({ keep: [], delete: [] });
  });
});
