"use client";

import { signOut } from "next-auth/react";

export function SignOutButton({ label, className = "" }: { label: string; className?: string }) {
  return (
    <button type="button" onClick={() => void signOut({ callbackUrl: "/login" })} className={className}>
      {label}
    </button>
  );
}
