import { getServerSession } from "next-auth";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { saveOperationTypeAction } from "@/app/admin/operation-types/actions";
import { seedOperationTypes, listOperationTypes } from "@/lib/billing/wallet/operation-types";
import { chargeOperation } from "@/lib/billing/wallet/operations";
import { db } from "@/lib/db";
import { customer } from "./helpers";
import { paidTopUp } from "./wallet-fixtures";

// The admin's operation types: seeded from the source design, changed on /admin/operation-types;
// a new price applies to operations charged from then on, an inactive type cannot be charged.

vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getServerSession: vi.fn(),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
beforeEach(() => vi.mocked(getServerSession).mockReset());

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

describe("operation types", () => {
  it("are seeded with six paid at 10 ₽ and add_text free", async () => {
    await seedOperationTypes();
    const types = await listOperationTypes();
    expect(types.map((type) => [type.slug, type.free, type.price])).toEqual(
      expect.arrayContaining([
        ["generate", false, 1_000],
        ["face_swap", false, 1_000],
        ["upscale", false, 1_000],
        ["add_text", true, 0],
      ]),
    );
    expect(types.filter((type) => !type.free)).toHaveLength(6);
  });

  it("an admin's new price applies to the next charge; an inactive type is refused; customers may not", async () => {
    await seedOperationTypes();
    const admin = await customer("types-admin");
    await db.user.update({ where: { id: admin.id }, data: { role: "ADMIN" } });
    const buyer = await customer("types-buyer");
    await db.wallet.update({
      where: { userId_currency: { userId: buyer.id, currency: "RUB" } },
      data: { freeOperationsLeft: 0 },
    });
    await paidTopUp(buyer.id, 100);

    vi.mocked(getServerSession).mockResolvedValue({ user: { id: buyer.id }, expires: "2999-01-01" });
    const refused = await saveOperationTypeAction(
      null,
      form({ slug: "retouch", name: "Retouch", price: "0.01", active: "on" }),
    );
    expect(refused).toEqual({ ok: false, message: "You are not allowed to do this." });

    vi.mocked(getServerSession).mockResolvedValue({ user: { id: admin.id }, expires: "2999-01-01" });
    expect(
      await saveOperationTypeAction(
        null,
        form({ slug: "retouch", name: "Retouch", price: "25.50", active: "on" }),
      ),
    ).toMatchObject({ ok: true });
    const charged = await chargeOperation({
      userId: buyer.id,
      type: "retouch",
      idempotencyKey: "t1",
      apiKeyId: null,
      requestFingerprint: "t1",
    });
    expect(charged).toMatchObject({ kind: "charged", operation: { price: 2_550 } });

    await saveOperationTypeAction(null, form({ slug: "retouch", name: "Retouch", price: "25.50" }));
    expect(
      await chargeOperation({
        userId: buyer.id,
        type: "retouch",
        idempotencyKey: "t2",
        apiKeyId: null,
        requestFingerprint: "t2",
      }),
    ).toEqual({ kind: "unknown_type" });
    expect(
      await saveOperationTypeAction(null, form({ slug: "Bad Slug", name: "x", price: "1" })),
    ).toMatchObject({ ok: false, errors: { slug: expect.any(Array) } });
  });
});
