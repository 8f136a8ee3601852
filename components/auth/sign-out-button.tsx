"use client";

// next-auth's client is loaded on the click, not with every page that shows the header.
async function signOut() {
  const nextAuth = await import("next-auth/react");
  await nextAuth.signOut({ callbackUrl: "/login" });
}

export function SignOutButton({ label, className = "" }: { label: string; className?: string }) {
  return (
    <button type="button" onClick={() => void signOut()} className={className}>
      {label}
    </button>
  );
}
