import { env } from "@/lib/env";
import {
  addressBlock,
  isTrustedProxy,
  parseTrustedProxies,
  type TrustedProxies,
} from "@/lib/http/trusted-proxies";
import { limit, refund, type LimitName } from "@/lib/rate-limit";

// Sign-in and registration limits per client address (rules and numbers: RATE_LIMITS in
// lib/rate-limit.ts), counted in PostgreSQL so every instance shares them. The per-email lock
// (lib/auth/throttle.ts) stops guessing one account's password; these stop one address trying a
// password on many accounts, or creating accounts by the hundred. An IPv6 client is counted by
// its /64, which one subscriber usually holds whole. Nothing is counted for an address in
// ABUSE_LIMITS_EXEMPT, nor when the address is unknown (lib/http/client-address.ts: the app was
// not started through scripts/next-server.ts): one shared bucket for every visitor would let a
// single sprayer lock everyone out.

const SIGN_IN_LIMITS = ["sign-in-address", "sign-in-address-hour"] as const satisfies LimitName[];

export type AddressAdmission =
  | { kind: "admitted" }
  | { kind: "limited"; retryAfterSeconds: number }
  /** Unknown or exempt address: not counted. */
  | { kind: "uncounted" };

/**
 * Takes one sign-in attempt from the address's minute allowance, then its hour allowance, before
 * the password is checked. An attempt the minute refuses is not counted in the hour: refusals
 * cost nothing but the (in-memory) answer.
 */
export async function admitSignInFrom(address: string | null): Promise<AddressAdmission> {
  const key = counted(address);
  if (!key) return { kind: "uncounted" };
  for (const name of SIGN_IN_LIMITS) {
    const answer = await limit(name, key);
    if (answer.kind === "limited") return { kind: "limited", retryAfterSeconds: answer.retryAfterSeconds };
  }
  return { kind: "admitted" };
}

/** A successful sign-in was no guess: its point goes back, so only failures add up. */
export async function refundSignInFrom(address: string | null): Promise<void> {
  const key = counted(address);
  if (!key) return;
  await Promise.all(SIGN_IN_LIMITS.map((name) => refund(name, key)));
}

/** Takes one registration from the address's allowance, before the account is created. */
export async function admitRegistrationFrom(address: string | null): Promise<AddressAdmission> {
  const key = counted(address);
  if (!key) return { kind: "uncounted" };
  const answer = await limit("register-address", key);
  return answer.kind === "limited"
    ? { kind: "limited", retryAfterSeconds: answer.retryAfterSeconds }
    : { kind: "admitted" };
}

/** The key an address is counted under (IPv6 by /64), or null when it is not counted. */
function counted(address: string | null): string | null {
  if (!address || isTrustedProxy(address, exempt())) return null;
  return addressBlock(address);
}

let parsed: { entries: readonly string[]; networks: TrustedProxies } | undefined;
function exempt(): TrustedProxies {
  const entries = env().ABUSE_LIMITS_EXEMPT;
  if (parsed?.entries !== entries) parsed = { entries, networks: parseTrustedProxies(entries) };
  return parsed.networks;
}
