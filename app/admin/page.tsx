import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const admin = await requireAdmin();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Admin</h1>
      <Card>
        <p className="text-slate-700">Signed in as {admin.email}.</p>
        <p className="mt-2 text-sm text-slate-600">
          The payments table, payment timelines, refunds and revenue figures will appear here.
        </p>
      </Card>
    </div>
  );
}
