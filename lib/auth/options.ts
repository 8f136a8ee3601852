import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authenticate, type AuthenticatedUser } from "@/lib/auth/credentials";
import { clientAddress } from "@/lib/http/client-address";
import { rememberLocaleAtSignIn } from "@/lib/i18n/sign-in-locale";
import { safeCallbackUrl } from "@/lib/safe-redirect";

// next-auth with email + password and JWT sessions (no session table to keep in sync). The role in
// the token is only a hint for proxy.ts; lib/auth/session.ts re-reads the user on every request, so
// a demoted or deleted account loses access at once.

export const authOptions: NextAuthOptions = {
  secret: process.env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      // next-auth passes the request's headers as a plain object (next/headers' entries).
      authorize: (credentials, request) =>
        authenticate(credentials, { address: clientAddress(new Headers(stringHeaders(request.headers))) }),
    }),
  ],
  events: {
    signIn: ({ user }) => rememberLocaleAtSignIn(user as AuthenticatedUser),
  },
  callbacks: {
    // Where next-auth sends the browser after sign-in or sign-out: the callbackUrl of the body, the
    // query or the callback-url cookie. next-auth's default does `new URL(url)`, which throws (a
    // 500) on a malformed value such as `http://localhost:3000.evil.com`; this never throws, keeps
    // paths on our origin and sends anything else to the dashboard. (Malformed values in the query
    // or the cookie never get here: lib/auth/route-handler.ts replaces them first.)
    redirect({ url, baseUrl }) {
      return safeCallbackUrl(url, baseUrl);
    },
    jwt({ token, user }) {
      if (user) token.role = user.role;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user = { ...session.user, id: token.sub, role: token.role };
      return session;
    },
  },
};

function stringHeaders(headers: Record<string, unknown> | undefined): [string, string][] {
  return Object.entries(headers ?? {}).flatMap(([name, value]) =>
    typeof value === "string" ? [[name, value] as [string, string]] : [],
  );
}
