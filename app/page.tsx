import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";

export default async function HomePage() {
  if (await getSessionUser()) redirect("/dashboard");
  return (
    <div className="mx-auto max-w-xl py-12 text-center">
      <h1 className="text-3xl font-bold tracking-tight">Billing for your SaaS</h1>
      <p className="mt-4 text-slate-600">
        Pick a plan, pay by card or crypto, and keep track of your subscription and payments.
      </p>
      <div className="mt-8 flex justify-center gap-3">
        <Link
          href="/login"
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          Sign in
        </Link>
        <Link
          href="/register"
          className="rounded-md border border-slate-300 bg-surface px-4 py-2 text-sm font-medium hover:bg-slate-50"
        >
          Create an account
        </Link>
      </div>
    </div>
  );
}
