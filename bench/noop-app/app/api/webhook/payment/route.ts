// The framework's floor for the webhook benchmark: a Next.js route handler at the app's webhook
// path that reads the body and answers 200, doing nothing else. Built and served on its own by
// bench/harness/noop-app.ts (never part of the app): what a request costs before any of our code.
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  await request.text();
  return Response.json({ received: true }, { status: 200 });
}
