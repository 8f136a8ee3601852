import type { ReactNode } from "react";

// The framework's floor for the pages benchmark: a root layout and one static page, no client
// component of ours: what the first load of any Next.js page ships before our code.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
