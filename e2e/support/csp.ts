import { test as base, expect, type BrowserContext } from "@playwright/test";

// The `test` of every spec: Playwright's, plus a check that fails a test when the browser refused
// anything under the app's Content-Security-Policy (issue 17: the app works with the CSP on). It
// watches every browser context of the worker (the test's own, and those a test or a beforeAll
// opens with browser.newContext/newPage), through two reports of the same refusal:
// - Chromium's console line ("Refused to execute inline script because it violates the following
//   Content Security Policy directive: …"), which Playwright passes on as a console message;
// - the page's `securitypolicyviolation` event, written to the console by an init script, so a
//   refusal is seen even if the browser stops printing the line.
// A refusal in a beforeAll fails the file's first test; one in a test fails that test.

const EVENT_PREFIX = "[securitypolicyviolation]";
const REFUSAL = /Content Security Policy|Refused to /;

function reportViolations(prefix: string) {
  window.addEventListener(
    "securitypolicyviolation",
    (event) => {
      const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : "";
      console.error(`${prefix} ${event.effectiveDirective} refused ${event.blockedURI || "inline"}${where}`);
    },
    true,
  );
}

function watch(context: BrowserContext, seen: string[]) {
  // Sent before the context's first page is asked for, so every page of it runs the listener.
  context.addInitScript(reportViolations, EVENT_PREFIX).catch((error: unknown) => seen.push(String(error)));
  context.on("console", (message) => {
    const text = message.text();
    if (text.startsWith(EVENT_PREFIX) || REFUSAL.test(text))
      seen.push(`${message.page()?.url() ?? "?"}: ${text}`);
  });
}

export const test = base.extend<{ cspViolations: string[] }, { cspWatch: string[] }>({
  cspWatch: [
    async ({ browser }, use) => {
      const seen: string[] = [];
      const onContext = (context: BrowserContext) => watch(context, seen);
      browser.on("context", onContext);
      await use(seen);
      browser.off("context", onContext);
    },
    { scope: "worker", auto: true },
  ],
  /** The refusals reported so far; a test that provokes one on purpose empties it. */
  cspViolations: [
    async ({ cspWatch }, use) => {
      await use(cspWatch);
      const found = cspWatch.splice(0);
      expect(found, "the browser refused something under the Content-Security-Policy").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
