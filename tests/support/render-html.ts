import type { ReactNode } from "react";
import { renderToReadableStream } from "react-dom/server";

/**
 * A page's HTML as the server would stream it, with its async server components (next-intl's
 * ClientMessages) awaited: renderToString cannot wait for them.
 */
export async function renderHtml(node: ReactNode): Promise<string> {
  const stream = await renderToReadableStream(node);
  await stream.allReady;
  return new Response(stream).text();
}
