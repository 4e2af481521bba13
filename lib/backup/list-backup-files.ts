/**
 * The backups present in BACKUP_DIR, newest first, found by file name (so a damaged manifest
 * still shows up, and then fails loudly instead of being skipped in favour of an older backup).
 */
import 'server-only';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { backupFileName, manifestFileName } from './backup-manifest';

export type TBackupFile = { id: string; takenAt: Date; filePath: string; manifestPath: string; bytes: number | null };

const MANIFEST = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-[0-9a-f]{8}\.manifest\.json$/;

export function takenAtFromId(name: string): Date | null {
  const m = MANIFEST.exec(name.endsWith('.manifest.json') ? name : manifestFileName(name));
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const at = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  return Number.isNaN(at.getTime()) ? null : at;
}

export async function listBackupFiles(dir: string): Promise<TBackupFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: TBackupFile[] = [];
  for (const name of names) {
    const takenAt = takenAtFromId(name);
    if (!takenAt || !name.endsWith('.manifest.json')) continue;
    const id = name.slice(0, -'.manifest.json'.length);
    const filePath = path.join(dir, backupFileName(id));
    const bytes = await stat(filePath).then((s) => s.size, () => null);
    out.push({ id, takenAt, filePath, manifestPath: path.join(dir, name), bytes });
  }
  return out.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || (a.id < b.id ? 1 : -1));
}

/** Leftovers of interrupted backups (`*.partial`, encrypted or empty) older than `olderThanMs`. */
export async function listStalePartials(dir: string, now: Date, olderThanMs = 24 * 3_600_000): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.partial') && takenAtFromId(n.replace(/\.(dump\.enc|manifest\.json)\.partial$/, '')))) {
    const s = await stat(path.join(dir, name)).catch(() => null);
    if (s && now.getTime() - s.mtimeMs > olderThanMs) stale.push(path.join(dir, name));
  }
  return stale.sort();
}
