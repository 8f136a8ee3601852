import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { Card } from "@/components/ui/card";
import { getSessionUser } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/safe-redirect";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: PageProps<"/login">) {
  const { callbackUrl } = await searchParams;
  const callbackPath = safeCallbackPath(callbackUrl);
  if (await getSessionUser()) redirect(callbackPath);
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="mb-6 text-2xl font-semibold">Sign in</h1>
      <Card>
        <LoginForm callbackPath={callbackPath} />
      </Card>
      <p className="mt-4 text-center text-sm text-slate-600">
        No account yet?{" "}
        <Link href="/register" className="font-medium text-brand-700 hover:underline">
          Register
        </Link>
      </p>
    </div>
  );
}
