// What next/headers answers when a test calls a server action or other request code directly,
// outside a request (tests/setup/test-database.ts falls back to it). English by default, so the
// suite's assertions read the English catalog; a test sets `testRequest.acceptLanguage = "ru"` (or
// a locale cookie) to act as a Russian reader, and resets it after. `clientAddress`, when set, is
// sent as the header scripts/next-server.ts sets (believed once the test calls
// trustClientAddressHeader()).

export const testRequest: {
  acceptLanguage: string;
  cookies: Map<string, string>;
  clientAddress: string | null;
} = {
  acceptLanguage: "en",
  cookies: new Map(),
  clientAddress: null,
};

export function resetTestRequest(): void {
  testRequest.acceptLanguage = "en";
  testRequest.cookies.clear();
  testRequest.clientAddress = null;
}
