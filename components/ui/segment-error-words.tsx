"use client";

import { createContext, type ReactNode } from "react";

/** The failure page's words, written by the segment's layout on the server ("Reference: 1234"). */
export interface SegmentErrorWords {
  title: string;
  body: string;
  /** "Reference: {digest}": SegmentError puts the digest in. */
  reference: string;
  retry: string;
}

// error.tsx gets only the error and a retry function from Next, and the dashboard and admin pages
// carry no translation library (their first load stays light), so their layouts hand the
// failure page its words through this context.
export const SegmentErrorWordsContext = createContext<SegmentErrorWords | null>(null);

export function SegmentErrorWordsProvider({
  words,
  children,
}: {
  words: SegmentErrorWords;
  children: ReactNode;
}) {
  return <SegmentErrorWordsContext value={words}>{children}</SegmentErrorWordsContext>;
}
