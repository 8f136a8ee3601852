import type { Metadata } from "next";
import Link from "next/link";
import { AdminNav } from "@/components/admin/admin-nav";
import { ApiKeyCreateForm } from "@/components/admin/api-key-create-form";
import { ApiKeyList } from "@/components/admin/api-key-list";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { listApiKeys } from "@/lib/billing/api-keys/queries";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export const metadata: Metadata = { title: "API keys" };

// Keys for /api/v1, used by the product's own backend. The page lists what is stored of each key
// (never the key: only its hash and prefix exist after creation).
export default async function ApiKeysPage() {
  await requireAdmin();
  const keys = await listApiKeys();
  const active = keys.filter((key) => !key.revokedAt).length;
  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">API keys</h1>
        <AdminNav current="api-keys" />
        <p className="text-sm text-slate-600">
          For the product&apos;s backend calling /api/v1 (
          <Link href="/docs/api" className="text-brand-700 hover:underline">
            API documentation
          </Link>
          ). A key is shown once, when it is created; revoking it takes effect on its next request.
        </p>
      </div>
      <Card title="New key">
        <ApiKeyCreateForm action={createApiKeyAction} />
      </Card>
      <Card padded={false}>
        <h2 className="px-5 pt-5 text-sm font-semibold uppercase tracking-wide text-slate-500">
          {keys.length} key{keys.length === 1 ? "" : "s"}, {active} active
        </h2>
        <ApiKeyList keys={keys} revokeAction={revokeApiKeyAction} />
      </Card>
    </div>
  );
}
