import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SegmentError } from "@/components/ui/segment-error";
import { SegmentErrorWordsProvider } from "@/components/ui/segment-error-words";
import { CATALOGS } from "@/lib/i18n/messages";

// A failed dashboard or admin page shows a friendly page with a retry, never the error's message
// (it may carry internals), and the digest that finds the server's log line.

describe("the segment error page", () => {
  it("offers a retry and the reference, and hides the message", () => {
    const error = Object.assign(new Error('relation "Wallet" does not exist at 10.0.0.5'), {
      digest: "1234567",
    });
    const html = renderToString(
      <SegmentErrorWordsProvider words={CATALOGS.en.common.segmentError}>
        <SegmentError error={error} reset={() => undefined} />
      </SegmentErrorWordsProvider>,
    );
    expect(html).toContain("Something went wrong");
    expect(html).toContain("Try again");
    expect(html).toContain("Reference: 1234567");
    expect(html).not.toContain("Wallet");
    expect(html).not.toContain("10.0.0.5");
  });
});
