import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { checkChatLink } from "@/lib/telegram/chat-link";

// Two early answers, before any page renders:
// - signed-out visitors of /dashboard and /admin are sent to /login, so they don't see a page
//   flash. A convenience, not the guard: every page, action and route handler checks the session
//   and role itself (lib/auth/session.ts).
// - a purchase page opened with a bad Telegram bot link gets the "invalid link" page with status
//   400 (a page can't set its own status). The purchase page and its action check the link again.

const requireSignIn = withAuth({
  secret: process.env.AUTH_SECRET,
  pages: { signIn: "/login" },
});

export default function proxy(request: NextRequest, event: NextFetchEvent) {
  if (request.nextUrl.pathname.startsWith("/pay/")) return checkBotLink(request);
  return requireSignIn(request as NextRequestWithAuth, event);
}

function checkBotLink(request: NextRequest) {
  const query = request.nextUrl.searchParams;
  const purchasePage = /^\/pay\/[^/]+\/?$/.test(request.nextUrl.pathname);
  if (!purchasePage || (!query.has("tg_id") && !query.has("sig"))) return NextResponse.next();
  const link = checkChatLink(query.get("tg_id"), query.get("sig"), process.env.TELEGRAM_LINK_SECRET);
  if (link.ok) return NextResponse.next();
  const target = new URL("/pay-link-invalid", request.url);
  target.search = new URLSearchParams({ reason: link.reason }).toString();
  return NextResponse.rewrite(target, { status: 400 });
}

export const config = { matcher: ["/dashboard/:path*", "/admin/:path*", "/pay/:path*"] };
