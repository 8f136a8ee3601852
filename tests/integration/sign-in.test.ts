import { beforeEach, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/credentials";
import { FREE_ATTEMPTS, TOO_MANY_ATTEMPTS } from "@/lib/auth/throttle";
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

async function lockSeconds(): Promise<number> {
  const throttle = await db.loginThrottle.findUniqueOrThrow({ where: { key: EMAIL } });
  return Math.round((throttle.lockedUntil!.getTime() - throttle.lastFailureAt.getTime()) / 1000);
}

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

  it(`checks ${FREE_ATTEMPTS} attempts, then locks the email, even for the right password`, async () => {
    for (let i = 1; i <= FREE_ATTEMPTS; i++) {
      await expect(authenticate({ email: EMAIL, password: `wrong ${i}` })).resolves.toBeNull();
    }
    await expect(authenticate({ email: EMAIL, password: "wrong again" })).rejects.toThrow(TOO_MANY_ATTEMPTS);
    await expect(authenticate({ email: EMAIL, password: PASSWORD })).rejects.toThrow(TOO_MANY_ATTEMPTS);
    expect(await lockSeconds()).toBe(30);
  });

  it("doubles the lock each time it is earned again", async () => {
    const justExpired = new Date(Date.now() - 1);
    await db.loginThrottle.create({
      data: { key: EMAIL, failures: FREE_ATTEMPTS + 1, lastFailureAt: new Date(), lockedUntil: justExpired },
    });
    await expect(authenticate({ email: EMAIL, password: "wrong" })).rejects.toThrow(TOO_MANY_ATTEMPTS);
    expect(await lockSeconds()).toBe(60);
  });

  it("checks exactly the allowed number of parallel guesses; the rest are refused unchecked", async () => {
    const guesses = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => authenticate({ email: EMAIL, password: `guess ${i}` })),
    );
    const checked = guesses.filter((g) => g.status === "fulfilled");
    const refused = guesses.filter((g) => g.status === "rejected");
    expect(checked).toHaveLength(FREE_ATTEMPTS);
    expect(refused).toHaveLength(12 - FREE_ATTEMPTS);
    await expect(authenticate({ email: EMAIL, password: PASSWORD })).rejects.toThrow(TOO_MANY_ATTEMPTS);
  });

  it("does not extend a lock with attempts made while it holds", async () => {
    const lockedUntil = new Date(Date.now() + 20_000);
    await db.loginThrottle.create({
      data: { key: EMAIL, failures: 6, lastFailureAt: new Date(), lockedUntil },
    });
    await expect(authenticate({ email: EMAIL, password: "wrong" })).rejects.toThrow(TOO_MANY_ATTEMPTS);
    expect((await db.loginThrottle.findUniqueOrThrow({ where: { key: EMAIL } })).lockedUntil).toEqual(
      lockedUntil,
    );
  });

  it("forgets earlier attempts after a successful sign-in", async () => {
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
