import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { db } from "@/lib/db";
import { parseWalletEnv } from "@/lib/env";

// The operation types of the source design (a Telegram media bot): six paid at
// PRICE_PER_OPERATION roubles, and adding a caption free. Seeded once; an admin changes them on
// /admin/operation-types afterwards, so a restart never resets a price.

const SEED = [
  { slug: "generate", name: "Generate", free: false },
  { slug: "edit", name: "Edit", free: false },
  { slug: "merge", name: "Merge", free: false },
  { slug: "face_swap", name: "Face swap", free: false },
  { slug: "retouch", name: "Retouch", free: false },
  { slug: "upscale", name: "Upscale", free: false },
  { slug: "add_text", name: "Add text", free: true },
] as const;

/** Adds the seed types that are missing; never changes an existing one. */
export async function seedOperationTypes(): Promise<void> {
  const price = { [WALLET_CURRENCY]: parseWalletEnv().PRICE_PER_OPERATION * 100 };
  await db.operationType.createMany({
    data: SEED.map((type) => ({ ...type, prices: type.free ? {} : price })),
    skipDuplicates: true,
  });
}

export interface OperationTypeInput {
  slug: string;
  name: string;
  free: boolean;
  active: boolean;
  /** Minor units of roubles; ignored for a free type. */
  price: number;
}

/** Every type, for the admin's list. */
export async function listOperationTypes() {
  const rows = await db.operationType.findMany({ orderBy: [{ free: "asc" }, { slug: "asc" }] });
  return rows.map((row) => ({
    ...row,
    price: (row.prices as Record<string, number>)[WALLET_CURRENCY] ?? 0,
  }));
}

/**
 * Creates or changes a type. A price change applies to operations charged from now on; charged
 * ones keep what they cost (each operation stores its own price).
 */
export async function saveOperationType(input: OperationTypeInput): Promise<void> {
  const data = {
    name: input.name,
    free: input.free,
    active: input.active,
    prices: input.free ? {} : { [WALLET_CURRENCY]: input.price },
  };
  await db.operationType.upsert({
    where: { slug: input.slug },
    create: { slug: input.slug, ...data },
    update: data,
  });
}
