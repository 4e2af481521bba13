/**
 * The backup retention policy (pure, UTC calendar days):
 *   - daily:   the newest backup of each day less than 90 days old (today and the 89 before it);
 *   - weekly:  the newest backup of each Monday less than one year old;
 *   - monthly: the newest backup of each 1st of the month less than three years old.
 * "Less than N old" means the backup's UTC day is after today minus N (days, or calendar
 * years, with Feb 29 minus a year clamped to Feb 28), so a backup exactly 90 days / one year
 * / three years old is deleted. That keeps 90 dailies, 52-53 Mondays and 36 firsts.
 * Several backups on one day: the newest (latest takenAt, then highest id) represents the
 * day; the others are deleted as superseded. Missing days are not substituted: without a
 * Monday (or 1st) backup that week (month) has no long-term backup; the rehearsal page shows
 * gaps and operators should alert on a missed daily run instead.
 * Two safety rules beyond the policy: the newest backup overall is always kept (prune never
 * leaves zero backups when backups stopped running), and a backup dated in the future
 * (clock skew) is kept rather than guessed about.
 */
export type TRetentionClass = 'daily' | 'weekly' | 'monthly' | 'newest' | 'future';
export type TBackupRef = { id: string; takenAt: Date };
export type TKeptBackup = TBackupRef & { reasons: TRetentionClass[] };
export type TDeletedBackup = TBackupRef & { reason: 'superseded' | 'expired'; detail: string };
export type TRetentionPlan = { keep: TKeptBackup[]; delete: TDeletedBackup[] };

export const DAILY_DAYS = 90;
export const WEEKLY_YEARS = 1;
export const MONTHLY_YEARS = 3;

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of the UTC calendar day containing `d`. */
function utcDay(d: Date): number {
  return Math.floor(d.getTime() / DAY_MS);
}

/** The UTC day `years` calendar years before `day` (Feb 29 → Feb 28). */
export function yearsBefore(day: number, years: number): number {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear() - years;
  const m = d.getUTCMonth();
  const lastOfMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return utcDay(new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), lastOfMonth))));
}

function newestFirst(a: TBackupRef, b: TBackupRef): number {
  return b.takenAt.getTime() - a.takenAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

function classify(day: number, today: number, cutoffs: { weekly: number; monthly: number }): TRetentionClass[] {
  const date = new Date(day * DAY_MS);
  const reasons: TRetentionClass[] = [];
  if (day > today - DAILY_DAYS) reasons.push('daily');
  if (date.getUTCDay() === 1 && day > cutoffs.weekly) reasons.push('weekly');
  if (date.getUTCDate() === 1 && day > cutoffs.monthly) reasons.push('monthly');
  return reasons;
}

export function selectBackupsToKeep(backups: TBackupRef[], now: Date): TRetentionPlan {
  const today = utcDay(now);
  const cutoffs = { weekly: yearsBefore(today, WEEKLY_YEARS), monthly: yearsBefore(today, MONTHLY_YEARS) };
  const sorted = [...backups].sort(newestFirst);
  const seenDays = new Set<number>();
  const keep: TKeptBackup[] = [];
  const del: TDeletedBackup[] = [];
  let newestSeen = false;
  for (const b of sorted) {
    if (b.takenAt.getTime() > now.getTime()) {
      keep.push({ ...b, reasons: ['future'] });
      continue;
    }
    const day = utcDay(b.takenAt);
    const dayLabel = b.takenAt.toISOString().slice(0, 10);
    const representative = !seenDays.has(day);
    seenDays.add(day);
    const reasons = representative ? classify(day, today, cutoffs) : [];
    if (!newestSeen && reasons.length === 0) reasons.push('newest');
    newestSeen = true;
    if (reasons.length > 0) keep.push({ ...b, reasons });
    else if (!representative) del.push({ ...b, reason: 'superseded', detail: `a newer backup of ${dayLabel} (UTC) is kept` });
    else del.push({ ...b, reason: 'expired', detail: `${dayLabel} is outside every window (daily 90 days, Monday 1 year, 1st of month 3 years)` });
  }
  return { keep, delete: del };
}
