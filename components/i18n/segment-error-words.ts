import { getTranslations } from "next-intl/server";
import type { SegmentErrorWords } from "@/components/ui/segment-error-words";

/** The failure page's words in the reader's language, for the dashboard and admin layouts. */
export async function segmentErrorWords(): Promise<SegmentErrorWords> {
  const t = await getTranslations("common.segmentError");
  return { title: t("title"), body: t("body"), reference: t.raw("reference") as string, retry: t("retry") };
}
