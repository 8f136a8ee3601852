import type { ReactNode } from "react";
import { SegmentErrorWordsProvider } from "@/components/ui/segment-error-words";
import { requireUser } from "@/lib/auth/session";
import { segmentErrorWords } from "@/components/i18n/segment-error-words";

// Each dashboard page checks the session itself; the layout checks it first, outside loading.tsx's
// boundary, so a signed-out visitor is redirected before any of the page is streamed. It also gives
// the failure page (error.tsx) its words.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  await requireUser();
  return <SegmentErrorWordsProvider words={await segmentErrorWords()}>{children}</SegmentErrorWordsProvider>;
}
