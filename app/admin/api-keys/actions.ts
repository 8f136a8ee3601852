"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { createApiKey, revokeApiKey } from "@/lib/billing/api-keys/keys";
import type { ApiKeyScope } from "@/lib/generated/prisma/enums";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";
import { RECORD_ID } from "@/lib/record-id";

// Creating and revoking /api/v1 keys. ADMIN only, checked here (actions are public endpoints,
// whatever page shows them). A new key goes back in this answer only: it is neither stored nor
// logged, and the page's later renders never see it.

const checkbox = z.literal("on").optional();

const createSchema = z
  .object({
    name: z.string().trim().min(1, "admin.validation.keyName").max(100, "admin.validation.tooLong"),
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
  .refine((input) => input.scopes.length > 0, { message: "admin.validation.scopes", path: ["scopes"] });

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
    const t = translatorFor(await requestLocale());
    switch (result.kind) {
      case "revoked":
        revalidatePath("/admin/api-keys");
        return {
          ok: true,
          data: undefined,
          message: t("admin.apiKeys.revoked", { name: result.record.name }),
        };
      case "already_revoked":
        return { ok: false, message: t("admin.apiKeys.alreadyRevoked", { name: result.record.name }) };
      case "not_found":
        return { ok: false, message: t("admin.apiKeys.notFound") };
    }
  },
  { role: "ADMIN" },
);
