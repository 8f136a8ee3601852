import { beforeEach, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/credentials";
import { FREE_FAILURES, TOO_MANY_ATTEMPTS } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { createUser } from "@/lib/users";

const EMAIL = "grace@example.com";
const PASSWORD = "right password";

beforeEach(async () => {
  await db.loginThrottle.deleteMany();
  await db.subscription.deleteMany();
  await db.user.deleteMany();
  await createUser({ email: EMAIL, password: PASSWORD });
});

describe("sign-in", () => {
  it("accepts the right password, whatever the email's case", async () => {
    await expect(authenticate({ email: "Grace@Example.com", password: PASSWORD })).resolves.toMatchObject({
      email: EMAIL,
      role: "CUSTOMER",
    });
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    await expect(authenticate({ email: EMAIL, password: "wrong" })).resolves.toBeNull();
    await expect(authenticate({ email: "nobody@example.com", password: PASSWORD })).resolves.toBeNull();
    await expect(authenticate({ email: "", password: "" })).resolves.toBeNull();
  });

  it(`slows down an email after ${FREE_FAILURES} failures, even for the right password`, async () => {
    for (let i = 1; i < FREE_FAILURES; i++) {
      await expect(authenticate({ email: EMAIL, password: `wrong ${i}` })).resolves.toBeNull();
    }
    await expect(authenticate({ email: EMAIL, password: "wrong again" })).rejects.toThrow(TOO_MANY_ATTEMPTS);
    await expect(authenticate({ email: EMAIL, password: PASSWORD })).rejects.toThrow(TOO_MANY_ATTEMPTS);

    const throttle = await db.loginThrottle.findUniqueOrThrow({ where: { key: EMAIL } });
    const lockSeconds = (throttle.lockedUntil!.getTime() - throttle.lastFailureAt.getTime()) / 1000;
    expect(lockSeconds).toBeCloseTo(30, 0);
  });

  it("doubles the lock with every further failure", async () => {
    await db.loginThrottle.create({
      data: {
        key: EMAIL,
        failures: FREE_FAILURES + 1,
        lastFailureAt: new Date(),
        lockedUntil: new Date(Date.now() - 1),
      },
    });
    await expect(authenticate({ email: EMAIL, password: "wrong" })).rejects.toThrow(TOO_MANY_ATTEMPTS);
    const throttle = await db.loginThrottle.findUniqueOrThrow({ where: { key: EMAIL } });
    const lockSeconds = (throttle.lockedUntil!.getTime() - throttle.lastFailureAt.getTime()) / 1000;
    expect(lockSeconds).toBeCloseTo(120, 0); // 7th failure: 30 s × 2²
  });

  it("counts parallel guesses exactly, so they cannot slip past the limit", async () => {
    const guesses = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => authenticate({ email: EMAIL, password: `guess ${i}` })),
    );
    expect(guesses.every((g) => g.status === "rejected" || g.value === null)).toBe(true);
    const throttle = await db.loginThrottle.findUniqueOrThrow({ where: { key: EMAIL } });
    // Guesses that arrive after the lock is set are refused before they are counted.
    expect(throttle.failures).toBeGreaterThanOrEqual(FREE_FAILURES);
    expect(throttle.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    await expect(authenticate({ email: EMAIL, password: PASSWORD })).rejects.toThrow(TOO_MANY_ATTEMPTS);
  });

  it("forgets old failures after a successful sign-in", async () => {
    await authenticate({ email: EMAIL, password: "wrong" });
    await authenticate({ email: EMAIL, password: PASSWORD });
    expect(await db.loginThrottle.count()).toBe(0);
  });

  it("starts counting afresh once the window has passed", async () => {
    const longAgo = new Date(Date.now() - 60 * 60 * 1000);
    await db.loginThrottle.create({ data: { key: EMAIL, failures: 4, lastFailureAt: longAgo } });
    await expect(authenticate({ email: EMAIL, password: "wrong" })).resolves.toBeNull();
    expect((await db.loginThrottle.findUniqueOrThrow({ where: { key: EMAIL } })).failures).toBe(1);
  });
});
