import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { saveOperationTypeAction } from "./actions";
import { AdminNav } from "@/components/admin/admin-nav";
import { OperationTypeForm } from "@/components/admin/operation-type-form";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { toDecimalString } from "@/lib/billing/money";
import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { listOperationTypes } from "@/lib/billing/wallet/operation-types";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.meta"))("operationTypes") };
}

// What /api/v1/operations can charge: each type's price in roubles, free or paid, active or not.
// A change applies to operations charged from now on.
export default async function OperationTypesPage() {
  await requireAdmin();
  const [types, t] = await Promise.all([listOperationTypes(), getTranslations("admin.operationTypes")]);
  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <AdminNav current="operationTypes" />
        <p className="text-sm text-slate-600">{t("intro")}</p>
      </div>
      <Card title={t("types")}>
        <ul className="divide-y divide-slate-100">
          {types.map((type) => (
            <li key={type.id} className="py-3">
              <OperationTypeForm
                action={saveOperationTypeAction}
                type={{
                  slug: type.slug,
                  name: type.name,
                  price: toDecimalString(type.price, WALLET_CURRENCY),
                  free: type.free,
                  active: type.active,
                }}
              />
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t("addType")}>
        <OperationTypeForm action={saveOperationTypeAction} />
      </Card>
    </div>
  );
}
