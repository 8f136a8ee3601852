import { withAuth } from "next-auth/middleware";

// An early redirect to /login for signed-out visitors, so they don't see a page flash. It is a
// convenience, not the guard: every page, action and route handler checks the session and role
// itself (lib/auth/session.ts).
export default withAuth({
  secret: process.env.AUTH_SECRET,
  pages: { signIn: "/login" },
});

export const config = { matcher: ["/dashboard/:path*", "/admin/:path*"] };
