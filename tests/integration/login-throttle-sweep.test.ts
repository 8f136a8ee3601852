import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { QUEUES } from "@/lib/jobs/queue";
import { sweeps } from "@/lib/jobs/schedules";
import { sweepLoginThrottles } from "@/lib/jobs/sweeps";

// The per-email sign-in throttle (lib/auth/throttle.ts) keeps a row for every email ever tried,
// sprayed ones without an account too; the hourly retention sweep deletes those that no longer
// count: last failure over a day ago, no lock holding.

const HOUR = 60 * 60 * 1000;

function row(key: string, lastFailureAgoMs: number, lockedUntilInMs: number | null = null) {
  return {
    key,
    failures: 3,
    lastFailureAt: new Date(Date.now() - lastFailureAgoMs),
    lockedUntil: lockedUntilInMs === null ? null : new Date(Date.now() + lockedUntilInMs),
  };
}

describe("the login throttle sweep", () => {
  it("deletes rows whose window and lock ended over a day ago, in batches, and keeps the rest", async () => {
    const sprayed = Array.from({ length: 1_200 }, (_, i) => row(`sprayed-${i}@example.com`, 48 * HOUR));
    await db.loginThrottle.createMany({
      data: [
        ...sprayed,
        row("lock-long-over@example.com", 30 * HOUR, -29 * HOUR),
        row("recent@example.com", HOUR),
        row("locked-now@example.com", 10 * 60 * 1000, 5 * 60 * 1000),
        // Not written by the throttle today (a lock never outlasts its last failure by a day):
        // the sweep still never deletes a lock that holds.
        row("odd-lock@example.com", 30 * HOUR, HOUR),
      ],
    });

    expect(await sweepLoginThrottles()).toEqual({ deleted: 1_201 });
    const left = await db.loginThrottle.findMany({ select: { key: true }, orderBy: { key: "asc" } });
    expect(left.map((r) => r.key)).toEqual([
      "locked-now@example.com",
      "odd-lock@example.com",
      "recent@example.com",
    ]);
    expect(await sweepLoginThrottles()).toEqual({ deleted: 0 });
  });

  it("runs with the hourly retention sweep", async () => {
    await db.loginThrottle.create({ data: row("forgotten@example.com", 72 * HOUR) });
    const retention = sweeps().find((sweep) => sweep.queue === QUEUES.sweepRetention)!;
    expect(await retention.run()).toEqual({ deliveriesDeleted: 0, loginThrottlesDeleted: 1 });
    expect(await db.loginThrottle.count({ where: { key: "forgotten@example.com" } })).toBe(0);
  });
});
