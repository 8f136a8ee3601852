// What the emulators' control endpoints (/_emulator/…) share: the error an operation throws when
// the emulated state does not allow it, its HTTP answer, and the fail-next endpoint.
import type { ServerResponse } from "node:http";
import { z } from "zod";
import type { FailureQueue } from "./faults";
import { sendJson } from "./http";

/** An operation the emulated state does not allow (unknown id, already paid, bad input). */
export class EmulatorStateError extends Error {
  constructor(
    message: string,
    readonly kind: "not-found" | "conflict" | "invalid",
  ) {
    super(message);
    this.name = "EmulatorStateError";
  }
}

const STATUS_OF = { "not-found": 404, conflict: 409, invalid: 400 } as const;

/** Answers an EmulatorStateError with its status; anything else is a bug and is rethrown. */
export function sendStateError(res: ServerResponse, error: unknown): void {
  if (!(error instanceof EmulatorStateError)) throw error;
  sendJson(res, STATUS_OF[error.kind], { error: error.message });
}

const failNextSchema = z.object({
  mode: z.enum(["500", "timeout"]),
  count: z.number().int().min(1).max(1000).optional(),
});

/** `POST /_emulator/fail-next` {"mode": "500"|"timeout", "count": n}: the next n API calls fail so. */
export function handleFailNext(res: ServerResponse, faults: FailureQueue, body: unknown): void {
  const input = failNextSchema.safeParse(body);
  if (!input.success) return sendJson(res, 400, { error: 'expected {"mode": "500"|"timeout", "count": 1}' });
  faults.failNext(input.data.mode, input.data.count);
  sendJson(res, 200, { queued: input.data.count ?? 1, mode: input.data.mode });
}
