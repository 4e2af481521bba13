/**
 * A backup or rehearsal problem whose message is written for the operator (what failed and
 * what to do). The commands print these as they are; anything else is an internal fault.
 */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export function isBackupError(e: unknown): e is BackupError {
  return e instanceof BackupError;
}
