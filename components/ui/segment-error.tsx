"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";

/**
 * What a dashboard or admin page shows when rendering it failed: a friendly page with a retry,
 * never a blank one. The error's message is not shown (it may carry internals); its digest is,
 * so support can find the server's log line.
 */
export function SegmentError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="mx-auto max-w-lg py-16 text-center" role="alert">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-slate-600">
        This page could not be shown just now. Nothing you paid for is affected. Try again in a moment.
      </p>
      {error.digest ? <p className="mt-2 text-xs text-slate-500">Reference: {error.digest}</p> : null}
      <Button type="button" className="mt-6" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
