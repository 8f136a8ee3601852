import { jwtVerify } from "jose";
import { cryptoCloudConfig } from "@/lib/billing/providers/cryptocloud/api";
import { fetchInvoice } from "@/lib/billing/providers/cryptocloud/invoices";
import { type LatencySummary, nowMs, round, summarize } from "./stats";

// The two costs a CryptoCloud delivery pays before it touches the database, measured alone with
// the app's own code: the token check (jose, HS256) and the re-fetch of merchant/info (the app's
// fetchInvoice: global fetch, JSON, zod) against the emulator.

export interface JwtCost {
  ops: number;
  microsPerOp: number;
}

export async function measureJwtVerify(token: string, secretKey: string, ops = 5_000): Promise<JwtCost> {
  const key = new TextEncoder().encode(secretKey);
  const verify = () => jwtVerify(token, key, { algorithms: ["HS256"], requiredClaims: ["exp"] });
  for (let i = 0; i < 500; i++) await verify(); // warm-up
  const started = nowMs();
  for (let i = 0; i < ops; i++) await verify();
  return { ops, microsPerOp: round(((nowMs() - started) * 1000) / ops, 1) };
}

export interface RefetchCost {
  concurrency: number;
  calls: number;
  callsPerSecond: number;
  latency: LatencySummary;
  /** CPU of this process (the client side: fetch, JSON, zod) per call, µs. */
  clientCpuMicrosPerCall: number;
}

/** merchant/info through the app's adapter, `calls` times with `concurrency` in flight. */
export async function measureRefetch(
  invoices: readonly string[],
  concurrency: number,
  calls: number,
): Promise<RefetchCost> {
  const config = cryptoCloudConfig();
  if (!config) throw new Error("CryptoCloud is not configured in the bench process");
  for (let i = 0; i < 200; i++) await fetchInvoice(config, invoices[i % invoices.length] ?? ""); // warm-up
  const latencies: number[] = [];
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = nowMs();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        const invoice = invoices[next++ % invoices.length] ?? "";
        const begin = nowMs();
        const report = await fetchInvoice(config, invoice);
        latencies.push(nowMs() - begin);
        if (!report) throw new Error(`merchant/info does not know ${invoice}`);
      }
    }),
  );
  const elapsed = nowMs() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    concurrency,
    calls,
    callsPerSecond: round((calls * 1000) / elapsed, 0),
    latency: summarize(latencies),
    clientCpuMicrosPerCall: round((cpu.user + cpu.system) / calls, 0),
  };
}
