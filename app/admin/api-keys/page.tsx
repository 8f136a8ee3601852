import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminNav } from "@/components/admin/admin-nav";
import { ApiKeyCreateForm } from "@/components/admin/api-key-create-form";
import { ApiKeyList } from "@/components/admin/api-key-list";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { listApiKeys } from "@/lib/billing/api-keys/queries";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.meta"))("apiKeys") };
}

// Keys for /api/v1, used by the product's own backend. The page lists what is stored of each key
// (never the key: only its hash and prefix exist after creation).
export default async function ApiKeysPage() {
  await requireAdmin();
  const [keys, t] = await Promise.all([listApiKeys(), getTranslations("admin.apiKeys")]);
  const active = keys.filter((key) => !key.revokedAt).length;
  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <AdminNav current="apiKeys" />
        <p className="text-sm text-slate-600">
          {t.rich("intro", {
            code: (chunks) => <code>{chunks}</code>,
            docs: (chunks) => (
              <Link href="/docs/api" className="text-brand-700 underline hover:no-underline">
                {chunks}
              </Link>
            ),
          })}
        </p>
      </div>
      <Card title={t("newKey")}>
        <ApiKeyCreateForm action={createApiKeyAction} />
      </Card>
      <Card padded={false}>
        <h2 className="px-5 pt-5 text-sm font-semibold uppercase tracking-wide text-slate-500">
          {t("count", { count: keys.length, active })}
        </h2>
        <ApiKeyList keys={keys} revokeAction={revokeApiKeyAction} />
      </Card>
    </div>
  );
}
