import type { Metadata } from "next";
import { saveOperationTypeAction } from "./actions";
import { AdminNav } from "@/components/admin/admin-nav";
import { OperationTypeForm } from "@/components/admin/operation-type-form";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { toDecimalString } from "@/lib/billing/money";
import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { listOperationTypes } from "@/lib/billing/wallet/operation-types";

export const metadata: Metadata = { title: "Operation types" };

// What /api/v1/operations can charge: each type's price in roubles, free or paid, active or not.
// A change applies to operations charged from now on.
export default async function OperationTypesPage() {
  await requireAdmin();
  const types = await listOperationTypes();
  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">Operation types</h1>
        <AdminNav current="operation-types" />
      </div>
      <Card title="Types">
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
      <Card title="Add a type">
        <OperationTypeForm action={saveOperationTypeAction} />
      </Card>
    </div>
  );
}
