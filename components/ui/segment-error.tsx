"use client";

import { useTranslations } from "next-intl";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";

/**
 * What a dashboard or admin page shows when rendering it failed: a friendly page with a retry,
 * never a blank one. The error's message is not shown (it may carry internals); its digest is,
 * so support can find the server's log line.
 */
export function SegmentError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("common.segmentError");
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="mx-auto max-w-lg py-16 text-center" role="alert">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="mt-2 text-slate-600">{t("body")}</p>
      {error.digest ? (
        <p className="mt-2 text-xs text-slate-500">{t("reference", { digest: error.digest })}</p>
      ) : null}
      <Button type="button" className="mt-6" onClick={reset}>
        {t("retry")}
      </Button>
    </div>
  );
}
