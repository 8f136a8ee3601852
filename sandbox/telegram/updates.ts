// How updates reach the bot: kept for `getUpdates` (long polling), or POSTed to the webhook set
// with `setWebhook`. Confirmed (core.telegram.org/bots/api#getting-updates): getUpdates takes
// `offset` (every update below it is confirmed and forgotten), `limit` (1–100) and `timeout`
// (seconds to hold the request while nothing is there); it is refused with 409 while a webhook is
// set, and a second getUpdates ends the first with 409 "terminated by other getUpdates request".
// A webhook gets each update as a JSON POST with `X-Telegram-Bot-Api-Secret-Token` when a
// secret_token was set (1–256 characters of A-Z, a-z, 0-9, _ and -); updates waiting when the
// webhook is set go to it, unless `drop_pending_updates`.
// Chosen here: a webhook gets every update at once, in parallel (Telegram sends up to
// max_connections at a time, 40 by default), and is not retried when it fails: the delivery and
// its HTTP status are recorded for tests and the control endpoints. `allowed_updates` is not
// emulated (the bot gets messages and callback queries, the two kinds users make here).
import type { ServerResponse } from "node:http";
import { Timers } from "../faults";
import { sendJson } from "./http";

export interface Update {
  update_id: number;
  [kind: string]: unknown;
}

/** What became of an update once the bot had it, or when the caller stopped waiting. */
export type Delivery =
  /** Confirmed by a later getUpdates offset: the bot handled it (grammY confirms after handling). */
  | { via: "polling"; confirmed: boolean }
  /** The webhook's HTTP status, 0 when it did not answer. */
  | { via: "webhook"; status: number };

export interface WebhookDelivery {
  updateId: number;
  url: string;
  status: number;
  at: Date;
}

interface Queued {
  update: Update;
  confirmed: () => void;
}

interface Poller {
  res: ServerResponse;
  offset: number;
  limit: number;
  cancelTimer: () => void;
}

const WEBHOOK_TIMEOUT_MS = 60_000;
export const SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

export class UpdateHub {
  readonly deliveries: WebhookDelivery[] = [];
  webhook: { url: string; secretToken?: string } | null = null;
  private readonly pending: Queued[] = [];
  private poller: Poller | null = null;
  private lastUpdateId = 100_000;
  private readonly timers = new Timers();

  /** Queues (or posts) an update; resolves once the bot has it, or after `waitMs` with confirmed false. */
  push(
    build: (updateId: number) => Update,
    waitMs: number,
  ): { update: Update; delivered: Promise<Delivery> } {
    const update = build(++this.lastUpdateId);
    if (this.webhook) return { update, delivered: this.post(this.webhook, update) };
    const delivered = new Promise<Delivery>((resolve) => {
      const cancel = this.timers.later(() => resolve({ via: "polling", confirmed: false }), waitMs);
      this.pending.push({
        update,
        confirmed: () => {
          cancel();
          resolve({ via: "polling", confirmed: true });
        },
      });
    });
    this.answerPoller();
    return { update, delivered };
  }

  /** `getUpdates`: answers now when updates wait (or timeout is 0), else holds the request. */
  getUpdates(res: ServerResponse, params: { offset: number; limit: number; timeout: number }): void {
    if (this.webhook) {
      return conflict(
        res,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    if (this.poller) {
      const previous = this.poller;
      this.poller = null;
      previous.cancelTimer();
      conflict(
        previous.res,
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      );
    }
    this.confirmBelow(params.offset);
    const ready = this.pending.slice(0, params.limit).map((entry) => entry.update);
    if (ready.length > 0 || params.timeout === 0) return sendJson(res, 200, { ok: true, result: ready });
    const poller: Poller = {
      res,
      offset: params.offset,
      limit: params.limit,
      cancelTimer: this.timers.later(() => {
        if (this.poller === poller) this.poller = null;
        sendJson(res, 200, { ok: true, result: [] });
      }, params.timeout * 1000),
    };
    this.poller = poller;
    // The bot stops polling (or dies): its request is gone, nothing to answer.
    res.on("close", () => {
      if (this.poller !== poller) return;
      this.poller = null;
      poller.cancelTimer();
    });
  }

  setWebhook(url: string, secretToken: string | undefined, dropPending: boolean): void {
    this.webhook = { url, ...(secretToken ? { secretToken } : {}) };
    const waiting = this.pending.splice(0);
    if (this.poller) {
      const poller = this.poller;
      this.poller = null;
      poller.cancelTimer();
      conflict(poller.res, "Conflict: terminated by setWebhook request");
    }
    for (const entry of waiting) {
      if (dropPending) continue;
      // Handed over to the webhook: whoever waits on it learns the webhook's answer below.
      void this.post(this.webhook, entry.update).then(() => entry.confirmed());
    }
  }

  deleteWebhook(dropPending: boolean): boolean {
    const had = this.webhook !== null;
    this.webhook = null;
    if (dropPending) this.pending.splice(0);
    return had;
  }

  pendingCount(): number {
    return this.pending.length;
  }

  close(): void {
    this.timers.cancelAll();
    this.poller = null;
  }

  private confirmBelow(offset: number): void {
    if (offset <= 0) return;
    while (this.pending.length > 0 && (this.pending[0]?.update.update_id ?? Infinity) < offset) {
      this.pending.shift()?.confirmed();
    }
  }

  private answerPoller(): void {
    const poller = this.poller;
    if (!poller) return;
    const ready = this.pending
      .filter((entry) => entry.update.update_id >= poller.offset)
      .slice(0, poller.limit);
    if (ready.length === 0) return;
    this.poller = null;
    poller.cancelTimer();
    sendJson(poller.res, 200, { ok: true, result: ready.map((entry) => entry.update) });
  }

  private async post(webhook: { url: string; secretToken?: string }, update: Update): Promise<Delivery> {
    let status = 0;
    try {
      const response = await fetch(webhook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(webhook.secretToken ? { "x-telegram-bot-api-secret-token": webhook.secretToken } : {}),
        },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch {
      status = 0;
    }
    this.deliveries.push({ updateId: update.update_id, url: webhook.url, status, at: new Date() });
    return { via: "webhook", status };
  }
}

function conflict(res: ServerResponse, description: string): void {
  sendJson(res, 409, { ok: false, error_code: 409, description });
}
