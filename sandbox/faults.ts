// What every emulator needs to misbehave on request: a queue of failures that the next API calls
// suffer (tests of the app's retries and reconciliation), and timers that close() cancels so a
// held reply never outlives its emulator.
import type { ServerResponse } from "node:http";

/** "500": the call fails and changes nothing. "timeout": the call takes effect, its reply is late. */
export type FailMode = "500" | "timeout";

/** How long a "timeout" failure holds the reply: longer than any sane client timeout. */
export const TIMEOUT_DELAY_MS = 30_000;

/** An API call as the emulator received it, for tests that assert on what the app sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export class FailureQueue {
  private readonly queued: FailMode[] = [];

  failNext(mode: FailMode, count = 1): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError("count must be a positive integer");
    for (let i = 0; i < count; i++) this.queued.push(mode);
  }

  /** The failure the current API call must suffer, if one is queued (consumes it). */
  take(): FailMode | undefined {
    return this.queued.shift();
  }
}

export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();

  /** Runs `fn` after `ms`, unless cancelled first; never keeps the process alive on its own. */
  later(fn: () => void, ms: number): () => void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      fn();
    }, ms).unref();
    this.pending.add(timer);
    return () => {
      clearTimeout(timer);
      this.pending.delete(timer);
    };
  }

  /** A "timeout" failure: the reply goes out after TIMEOUT_DELAY_MS, or never if the client hangs up. */
  replyLate(res: ServerResponse, send: () => void): void {
    res.on("close", this.later(send, TIMEOUT_DELAY_MS));
  }

  cancelAll(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
