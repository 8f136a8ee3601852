import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import {
  contentSecurityPolicy,
  createNonce,
  formTargets,
  strictTransportSecurity,
} from "@/lib/http/security-headers";
import { checkChatLink } from "@/lib/telegram/chat-link";

// Runs before every page renders (not for /api, build files or prefetches: see `config`):
// - every page gets a Content-Security-Policy with a nonce of its own, set on the request as well,
//   where Next finds the nonce and puts it on its scripts (lib/http/security-headers.ts), and HSTS
//   when APP_URL is https.
// - signed-out visitors of /dashboard and /admin are sent to /login, so they don't see a page
//   flash. A convenience, not the guard: every page, action and route handler checks the session
//   and role itself (lib/auth/session.ts).
// - a purchase page opened with a bad Telegram bot link gets the "invalid link" page with status
//   400 (a page can't set its own status). The purchase page and its action check the link again.

const requireSignIn = withAuth({
  secret: process.env.AUTH_SECRET,
  pages: { signIn: "/login" },
});

type Forward = (init?: { rewrite: URL; status: number }) => NextResponse;

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  const hsts = strictTransportSecurity(process.env.APP_URL);
  const policy = contentSecurityPolicy({
    nonce: createNonce(),
    dev: process.env.NODE_ENV === "development",
    https: hsts !== undefined,
    formTargets: formTargets(process.env),
  });
  const forward: Forward = (init) => {
    const headers = new Headers(request.headers);
    headers.set("Content-Security-Policy", policy);
    if (!init) return NextResponse.next({ request: { headers } });
    return NextResponse.rewrite(init.rewrite, { status: init.status, request: { headers } });
  };
  const response = await route(request, event, forward);
  response.headers.set("Content-Security-Policy", policy);
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

async function route(request: NextRequest, event: NextFetchEvent, forward: Forward): Promise<Response> {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith("/pay/")) return checkBotLink(request, forward);
  if (/^\/(dashboard|admin)(\/|$)/.test(pathname)) {
    // withAuth answers only when it redirects; a signed-in request goes on to the page.
    return (await requireSignIn(request as NextRequestWithAuth, event)) || forward();
  }
  return forward();
}

function checkBotLink(request: NextRequest, forward: Forward) {
  const query = request.nextUrl.searchParams;
  const purchasePage = /^\/pay\/[^/]+\/?$/.test(request.nextUrl.pathname);
  if (!purchasePage || (!query.has("tg_id") && !query.has("sig"))) return forward();
  const link = checkChatLink(query.get("tg_id"), query.get("sig"), process.env.TELEGRAM_LINK_SECRET);
  if (link.ok) return forward();
  const target = new URL("/pay-link-invalid", request.url);
  target.search = new URLSearchParams({ reason: link.reason }).toString();
  return forward({ rewrite: target, status: 400 });
}

export const config = {
  matcher: [
    // Pages, as Next's CSP guide: not API routes, build files, the icon, or link prefetches.
    {
      source: "/((?!api/|_next/static/|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
    // The sign-in redirect and the bot-link check, prefetches included (as before the CSP).
    "/dashboard/:path*",
    "/admin/:path*",
    "/pay/:path*",
  ],
};
