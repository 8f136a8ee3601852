import { AppRouteRouteModule } from "next/dist/server/route-modules/app-route/module.js";
import { NextRequest } from "next/server";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";

// next-auth's endpoints driven through Next's own app-route machinery (the AppRouteRouteModule
// that `next start` wraps every route.ts in), shared by the integration tests: the request scope
// that next-auth's cookies() and headers() need, and its cookie changes turned into Set-Cookie
// headers. Calling the exported GET/POST bare fails in vitest: next-auth reads the request through
// next/headers, which throws outside that scope. Requests may carry the client-address header that
// scripts/next-server.ts sets. An exception escaping the handler, which the server would answer
// with a 500, is thrown at the caller, so a test expecting a status fails on it either way.

const ORIGIN = "http://localhost:3000";

type Handler = (
  request: NextRequest,
  context: { params: Promise<{ nextauth: string[] }> },
) => Promise<Response>;

type CallInit = {
  method?: "GET" | "POST";
  cookies?: Record<string, string>;
  form?: Record<string, string>;
  address?: string;
};

export function authRoute(handler: Handler) {
  const routeModule = new AppRouteRouteModule({
    definition: {
      kind: "APP_ROUTE" as never,
      page: "/api/auth/[...nextauth]/route",
      pathname: "/api/auth/[...nextauth]",
      filename: "route",
      bundlePath: "app/api/auth/[...nextauth]/route",
    },
    distDir: ".next",
    relativeProjectDir: "",
    resolvedPagePath: "app/api/auth/[...nextauth]/route.ts",
    nextConfigOutput: undefined,
    userland: (() => ({ GET: handler, POST: handler })) as never,
  });

  async function call(path: string, init: CallInit = {}): Promise<Response> {
    const url = new URL(path, ORIGIN);
    const headers = new Headers({ host: url.host });
    if (init.address) headers.set(CLIENT_ADDRESS_HEADER, init.address);
    if (init.cookies) {
      headers.set(
        "cookie",
        Object.entries(init.cookies)
          .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
          .join("; "),
      );
    }
    let body: string | undefined;
    if (init.form) {
      headers.set("content-type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(init.form).toString();
    }
    const request = new NextRequest(url, { method: init.method ?? "GET", headers, body });
    const nextauth = url.pathname.replace(/^\/api\/auth\//, "").split("/");
    return routeModule.handle(request, {
      params: { nextauth },
      renderOpts: { experimental: {}, cacheComponents: false },
      sharedContext: { buildId: "test" },
    } as never);
  }

  /** Signs in with the credentials form as the login page's script does, via the CSRF round trip. */
  async function signIn(input: {
    email: string;
    password: string;
    json: boolean;
    address?: string;
    callbackUrl?: string;
  }) {
    const csrf = await call("/api/auth/csrf", { address: input.address });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    return call("/api/auth/callback/credentials", {
      method: "POST",
      address: input.address,
      cookies: { "next-auth.csrf-token": setCookie(csrf, "next-auth.csrf-token")! },
      form: {
        csrfToken,
        email: input.email,
        password: input.password,
        callbackUrl: input.callbackUrl ?? "/dashboard",
        ...(input.json ? { json: "true" } : {}),
      },
    });
  }

  return { call, signIn, setCookie };
}

function setCookie(response: Response, name: string): string | undefined {
  const line = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
  return line === undefined ? undefined : decodeURIComponent(line.slice(name.length + 1).split(";")[0]!);
}
