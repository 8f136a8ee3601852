import type { ReactNode } from "react";
import { ClientMessages } from "@/components/i18n/client-messages";
import { SegmentErrorWordsProvider } from "@/components/ui/segment-error-words";
import { requireAdmin } from "@/lib/auth/session";
import { segmentErrorWords } from "@/components/i18n/segment-error-words";

// The admin console is tables of payments and customers: on a wide screen it takes the width they
// need (up to 88rem), beyond the site's max-w-6xl column, centred on it. The width is what the
// viewport leaves after 1.5rem each side, so the page never scrolls sideways, scrollbar or not;
// below the xl breakpoint the site's column is already the viewport's width.
//
// The admin console's client components word things themselves (ClientMessages); the failure
// page gets its words from here (SegmentErrorWordsProvider).
//
// The layout also checks the role (each page checks it again for itself): outside loading.tsx's
// boundary, so a visitor is redirected (or gets the 404) before any of the page is streamed.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin();
  return (
    <div className="xl:mx-[calc(50%_-_min(44rem,_50vw_-_1.5rem))] xl:w-[min(88rem,_100vw_-_3rem)]">
      <SegmentErrorWordsProvider words={await segmentErrorWords()}>
        <ClientMessages namespaces={["admin", "common"]}>{children}</ClientMessages>
      </SegmentErrorWordsProvider>
    </div>
  );
}
