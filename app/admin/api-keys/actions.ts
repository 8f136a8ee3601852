"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { createApiKey, revokeApiKey } from "@/lib/billing/api-keys/keys";
import type { ApiKeyScope } from "@/lib/generated/prisma/enums";
import { RECORD_ID } from "@/lib/record-id";

// Creating and revoking /api/v1 keys. ADMIN only, checked here (actions are public endpoints,
// whatever page shows them). A new key goes back in this answer only: it is neither stored nor
// logged, and the page's later renders never see it.

const checkbox = z.literal("on").optional();

const createSchema = z
  .object({
    name: z.string().trim().min(1, "Name the key after who uses it.").max(100, "At most 100 characters."),
    // One checkbox per scope: the form wrapper keeps one value per field name.
    scope_operations: checkbox,
    scope_usage: checkbox,
    scope_customers: checkbox,
  })
  .strict()
  .transform(({ name, ...boxes }) => ({
    name,
    scopes: (["operations", "usage", "customers"] as const satisfies readonly ApiKeyScope[]).filter(
      (scope) => boxes[`scope_${scope}`] === "on",
    ),
  }))
  .refine((input) => input.scopes.length > 0, { message: "Choose at least one scope.", path: ["scopes"] });

export const createApiKeyAction = validatedActionWithUser(
  createSchema,
  async ({ name, scopes }, admin) => {
    const { key, record } = await createApiKey({ name, scopes, createdById: admin.id });
    revalidatePath("/admin/api-keys");
    return { ok: true, data: { key, name: record.name, prefix: record.prefix } };
  },
  { role: "ADMIN" },
);

const revokeSchema = z.object({ id: z.string().regex(RECORD_ID) }).strict();

export const revokeApiKeyAction = validatedActionWithUser(
  revokeSchema,
  async ({ id }) => {
    const result = await revokeApiKey(id);
    switch (result.kind) {
      case "revoked":
        revalidatePath("/admin/api-keys");
        return { ok: true, data: undefined, message: `Revoked “${result.record.name}”: it no longer works.` };
      case "already_revoked":
        return { ok: false, message: `“${result.record.name}” was already revoked.` };
      case "not_found":
        return { ok: false, message: "There is no such key." };
    }
  },
  { role: "ADMIN" },
);
