import { describe, expect, it } from "vitest";
import { isLostDatabase } from "@/lib/jobs/survive-lost-database";

describe("a lost database, told from other failures", () => {
  it("is PostgreSQL's connection and shutdown errors, and a dropped socket", () => {
    const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });
    expect(isLostDatabase(withCode("57P01", "terminating connection due to administrator command"))).toBe(
      true,
    );
    expect(isLostDatabase(withCode("57P03", "the database system is shutting down"))).toBe(true);
    expect(isLostDatabase(withCode("08006"))).toBe(true);
    expect(isLostDatabase(withCode("ECONNREFUSED"))).toBe(true);
    expect(isLostDatabase(new Error("Connection terminated unexpectedly"))).toBe(true);
  });

  it("is not a bug, a constraint violation or a thrown string", () => {
    expect(isLostDatabase(new TypeError("cannot read properties of undefined"))).toBe(false);
    expect(isLostDatabase(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isLostDatabase("Connection terminated")).toBe(false);
  });
});
