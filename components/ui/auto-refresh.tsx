"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Re-renders the page from the server every few seconds while a payment is being confirmed. */
export function AutoRefresh({ seconds = 3, forMinutes = 15 }: { seconds?: number; forMinutes?: number }) {
  const router = useRouter();
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - started > forMinutes * 60_000) clearInterval(timer);
      else router.refresh();
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds, forMinutes]);
  return null;
}
