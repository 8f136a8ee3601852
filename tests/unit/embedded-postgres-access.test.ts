import { describe, expect, it } from "vitest";
import { closedDirectoryAbove, DatabaseUserCannotEnterError } from "@/lib/embedded-postgres-access";

// As root, the embedded PostgreSQL runs as the `postgres` user: a project under /root (mode 700)
// must stop with a message naming the directory, not with `spawn initdb EACCES`.

const modes: Record<string, number> = {
  "/": 0o755,
  "/root": 0o700,
  "/root/app": 0o755,
  "/srv": 0o755,
  "/srv/app": 0o750,
  "/srv/app/.data": 0o700,
};
const stat = (dir: string) => (dir in modes ? { mode: 0o040000 | modes[dir]! } : null);

describe("closedDirectoryAbove", () => {
  it("finds the first directory others cannot enter, from the top", () => {
    expect(closedDirectoryAbove("/root/app/.data", stat)).toBe("/root");
    expect(closedDirectoryAbove("/srv/app/node_modules", stat)).toBe("/srv/app");
  });

  it("counts the target itself, and passes paths that do not exist yet", () => {
    expect(closedDirectoryAbove("/srv/app/.data", stat)).toBe("/srv/app");
    expect(closedDirectoryAbove("/srv/new/data", stat)).toBeNull();
  });

  it("explains what to do in the error", () => {
    const error = new DatabaseUserCannotEnterError("/root");
    expect(error.message).toContain('"postgres" user');
    expect(error.message).toContain("cannot enter /root");
    expect(error.message).toContain("DATABASE_URL");
  });
});
