import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/session";

// Each dashboard page checks the session itself; the layout checks it first, outside loading.tsx's
// boundary, so a signed-out visitor is redirected before any of the page is streamed.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  await requireUser();
  return children;
}
