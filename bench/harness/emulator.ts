import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EmulatorReply, EmulatorRequest, NewInvoiceOrder, PaidInvoice } from "./emulator-process";

// The benchmark's handle on its CryptoCloud emulator, which runs in a child process
// (emulator-process.ts): create invoices, pay them in full, and get the postbacks CryptoCloud
// would send, without sending them.

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REQUEST_TIMEOUT_MS = 120_000;

export interface EmulatorKeys {
  apiKey: string;
  shopId: string;
  secretKey: string;
}

export interface EmulatorHandle {
  apiBase: string;
  pid: number;
  createAndPay(orders: NewInvoiceOrder[]): Promise<PaidInvoice[]>;
  pay(uuids: string[]): Promise<PaidInvoice[]>;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(keys: EmulatorKeys): Promise<EmulatorHandle> {
  const child: ChildProcess = fork(path.join(HERE, "emulator-process.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      CRYPTOCLOUD_API_KEY: keys.apiKey,
      CRYPTOCLOUD_SHOP_ID: keys.shopId,
      CRYPTOCLOUD_SECRET_KEY: keys.secretKey,
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const apiBase = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("the emulator process did not start within 30 s")),
      30_000,
    );
    child.once("exit", (code) =>
      reject(new Error(`the emulator process exited with ${code} before it was ready`)),
    );
    child.once("message", (message: { ready?: boolean; apiBase?: string }) => {
      clearTimeout(timer);
      if (message.ready && message.apiBase) resolve(message.apiBase);
      else reject(new Error("unexpected first message from the emulator process"));
    });
  });

  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (invoices: PaidInvoice[]) => void; reject: (error: Error) => void }
  >();
  child.on("message", (reply: EmulatorReply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.invoices);
    else waiter.reject(new Error(`emulator: ${reply.error}`));
  });
  child.once("exit", () => {
    for (const waiter of pending.values()) waiter.reject(new Error("the emulator process exited"));
    pending.clear();
  });

  const call = (
    request: EmulatorRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never,
  ): Promise<PaidInvoice[]> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`emulator request ${request.op} timed out`));
      }, REQUEST_TIMEOUT_MS);
      pending.set(id, {
        resolve: (invoices) => {
          clearTimeout(timer);
          resolve(invoices);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      child.send({ ...request, id });
    });

  return {
    apiBase,
    pid: child.pid ?? -1,
    createAndPay: (orders) => call({ op: "create-and-pay", orders }),
    pay: (uuids) => call({ op: "pay", uuids }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.disconnect(); // the child closes its server and exits on disconnect
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
