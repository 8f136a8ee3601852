// What next/headers answers when a test calls a server action or other request code directly,
// outside a request (tests/setup/test-database.ts falls back to it). English by default, so the
// suite's assertions read the English catalog; a test sets `testRequest.acceptLanguage = "ru"` (or
// a locale cookie) to act as a Russian reader, and resets it after.

export const testRequest: { acceptLanguage: string; cookies: Map<string, string> } = {
  acceptLanguage: "en",
  cookies: new Map(),
};

export function resetTestRequest(): void {
  testRequest.acceptLanguage = "en";
  testRequest.cookies.clear();
}
