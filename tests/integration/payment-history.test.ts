import { describe, expect, it } from "vitest";
import { CUSTOMER_PAGE_SIZE, listCustomerPayments } from "@/lib/billing/payments/queries";
import { decodeCursor, encodeCursor } from "@/lib/cursor";
import { db } from "@/lib/db";
import { customer, pendingPlanPayment } from "./helpers";

describe("a customer's payment history", () => {
  it("pages newest first without skipping or repeating rows, even when payments arrive meanwhile", async () => {
    const user = await customer();
    const other = await customer("other");
    await pendingPlanPayment(other.id);
    for (let i = 0; i < CUSTOMER_PAGE_SIZE + 5; i++)
      await pendingPlanPayment(user.id, { providerRef: `INV-HIST${i}` });
    const all = await db.payment.findMany({
      where: { userId: user.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });

    const first = await listCustomerPayments(user.id);
    expect(first.payments).toHaveLength(CUSTOMER_PAGE_SIZE);
    expect(first.hasMore).toBe(true);

    await pendingPlanPayment(user.id, { providerRef: "INV-NEWONE00" }); // lands on page 1, shifts nothing
    const cursor = decodeCursor(encodeCursor(first.payments.at(-1)!));
    const second = await listCustomerPayments(user.id, cursor!);
    expect(second.hasMore).toBe(false);

    const seen = [...first.payments, ...second.payments].map((p) => p.id);
    expect(seen).toEqual(all.map((p) => p.id));
    expect(seen.every((id) => all.some((p) => p.id === id && p.userId === user.id))).toBe(true);
  });

  it("ignores a malformed cursor", () => {
    for (const bad of [
      "",
      "garbage",
      Buffer.from("not-a-date|x").toString("base64url"),
      ["a", "b"],
      undefined,
    ]) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});
