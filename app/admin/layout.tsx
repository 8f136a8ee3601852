import type { ReactNode } from "react";

// The admin console is tables of payments and customers: on a wide screen it takes the width they
// need (up to 88rem), beyond the site's max-w-6xl column, centred on it. The width is what the
// viewport leaves after 1.5rem each side, so the page never scrolls sideways, scrollbar or not;
// below the xl breakpoint the site's column is already the viewport's width.
export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <div className="xl:mx-[calc(50%_-_min(44rem,_50vw_-_1.5rem))] xl:w-[min(88rem,_100vw_-_3rem)]">
      {children}
    </div>
  );
}
