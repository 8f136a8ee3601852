"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

/**
 * A server action that checks the page's payment with its provider (bounded on the server: one
 * provider call at most, a few seconds at most), called with `fields` as its form data.
 */
export interface RefreshCheck {
  action: (previous: null, formData: FormData) => Promise<unknown>;
  fields: Record<string, string>;
}

/**
 * Re-renders the page from the server every few seconds while a payment is being confirmed. With
 * `check`, each refresh first waits for the check, so the page shows what the provider said; the
 * render itself only reads the database. One tick at a time: a slow check delays the next one.
 */
export function AutoRefresh({
  seconds = 1,
  forMinutes = 15,
  check,
}: {
  seconds?: number;
  forMinutes?: number;
  check?: RefreshCheck;
}) {
  const router = useRouter();
  // A refresh hands us a new `check` object each time; the loop keeps running and uses the latest.
  const latestCheck = useRef(check);
  useEffect(() => {
    latestCheck.current = check;
  });
  useEffect(() => {
    const started = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const tick = async () => {
      const current = latestCheck.current;
      if (current) {
        const form = new FormData();
        for (const [name, value] of Object.entries(current.fields)) form.set(name, value);
        // A failed check (network, server restart) is simply tried again on the next tick.
        await current.action(null, form).catch(() => null);
      }
      if (stopped) return;
      router.refresh();
      schedule();
    };
    const schedule = () => {
      if (Date.now() - started > forMinutes * 60_000) return;
      timer = setTimeout(() => void tick(), seconds * 1000);
    };
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [router, seconds, forMinutes]);
  return null;
}
