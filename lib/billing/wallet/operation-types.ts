import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

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
  const price = { [WALLET_CURRENCY]: env().PRICE_PER_OPERATION * 100 };
  await db.operationType.createMany({
    data: SEED.map((type) => ({ ...type, prices: type.free ? {} : price })),
    skipDuplicates: true,
  });
}
