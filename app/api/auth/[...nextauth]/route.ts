// next-auth's own endpoints: sign-in, sign-out, session, CSRF; a malformed callbackUrl is replaced
// before next-auth sees it (lib/auth/route-handler.ts).
export { authRouteHandler as GET, authRouteHandler as POST } from "@/lib/auth/route-handler";
