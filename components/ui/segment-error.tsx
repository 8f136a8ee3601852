"use client";

import { use, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { SegmentErrorWordsContext } from "@/components/ui/segment-error-words";

/**
 * What a dashboard or admin page shows when rendering it failed: a friendly page with a retry,
 * never a blank one. The error's message is not shown (it may carry internals); its digest is,
 * so support can find the server's log line. Its words come from the segment's layout.
 */
export function SegmentError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const words = use(SegmentErrorWordsContext);
  if (!words) throw new Error("SegmentError needs a SegmentErrorWordsProvider in its layout");
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="mx-auto max-w-lg py-16 text-center" role="alert">
      <h1 className="text-2xl font-semibold">{words.title}</h1>
      <p className="mt-2 text-slate-600">{words.body}</p>
      {error.digest ? (
        <p className="mt-2 text-xs text-slate-500">{words.reference.replace("{digest}", error.digest)}</p>
      ) : null}
      <Button type="button" className="mt-6" onClick={reset}>
        {words.retry}
      </Button>
    </div>
  );
}
