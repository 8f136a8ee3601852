import { z } from "zod";
import { appUrl } from "@/lib/app-url";
import { formatMoney } from "@/lib/billing/pricing";
import { formatDate } from "@/lib/format";
import type { Locale } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translator";

// What a customer's Telegram message says, rendered when it is SENT, in the recipient's language
// at that moment: a notification stores its kind and the values it names (Notification.params),
// never words. Amounts are minor units with their currency, dates ISO strings; the words are
// `telegram.<kind>` in the catalogs (messages/{en,ru}/telegram.json).

const money = z.number().int();
const isoDate = z.iso.datetime({ offset: true });

/** The values each kind of message names, as stored in Notification.params (JSON). */
export const NOTICE_PARAMS = {
  /** A product's invite; the default wording is ours, a seller's own message is `text`. */
  invite_link: z.object({ link: z.string().min(1) }),
  /** A paid plan: active now (until `until`, when it ends), or starting on `startsOn`. */
  plan_activated: z.object({
    plan: z.string(),
    until: isoDate.nullable(),
    startsOn: isoDate.nullable(),
  }),
  topup_credited: z.object({ amount: money, balance: money, currency: z.string() }),
  /** `reason`: the provider's, as the payment records it (null: none given). */
  payment_failed: z.object({
    amount: money,
    currency: z.string(),
    orderId: z.string(),
    reason: z.string().nullable(),
  }),
  renewal_reminder: z.object({ plan: z.string(), endsOn: isoDate }),
  plan_ended: z.object({ plan: z.string(), freePlan: z.string(), endedOn: isoDate }),
};

export type NoticeKind = keyof typeof NOTICE_PARAMS;

/** A message to queue: its kind and the values it names (lib/billing/notifications.ts). */
export type TelegramNotice = {
  [K in NoticeKind]: {
    kind: K;
    params: z.input<(typeof NOTICE_PARAMS)[K]>;
    /** Sent as it is instead of the rendered message: a seller's own words (an invite only). */
    text?: K extends "invite_link" ? string | null : never;
  };
}[NoticeKind];

export class NoticeRenderError extends Error {
  override name = "NoticeRenderError";
}

/**
 * The text to send for a stored notification, in `locale`. A stored `text` is sent as it is (a
 * seller's delivery message, or a message queued before notifications carried params).
 */
export function renderNotice(
  notification: { kind: string; params: unknown; text: string | null },
  locale: Locale,
): string {
  if (notification.text !== null) return notification.text;
  const kind = notification.kind;
  if (!(kind in NOTICE_PARAMS)) throw new NoticeRenderError(`no message for notifications of kind ${kind}`);
  const parsed = NOTICE_PARAMS[kind as NoticeKind].safeParse(notification.params);
  if (!parsed.success) throw new NoticeRenderError(`the ${kind} notification's params are not readable`);
  return renderParams({ kind, params: parsed.data } as Rendered, locale);
}

type Rendered = { [K in NoticeKind]: { kind: K; params: z.output<(typeof NOTICE_PARAMS)[K]> } }[NoticeKind];

function renderParams(notice: Rendered, locale: Locale): string {
  const t = translatorFor(locale);
  const amount = (minor: number, currency: string) => formatMoney(minor, currency, locale);
  const date = (iso: string) => formatDate(new Date(iso), locale);
  switch (notice.kind) {
    case "invite_link":
      return t("telegram.invite_link", { link: notice.params.link });
    case "plan_activated": {
      const { plan, until, startsOn } = notice.params;
      if (startsOn) return t("telegram.plan_activated.scheduled", { plan, date: date(startsOn) });
      return until
        ? t("telegram.plan_activated.activeUntil", { plan, date: date(until) })
        : t("telegram.plan_activated.active", { plan });
    }
    case "topup_credited": {
      const { currency } = notice.params;
      return t("telegram.topup_credited", {
        amount: amount(notice.params.amount, currency),
        balance: amount(notice.params.balance, currency),
      });
    }
    case "payment_failed": {
      const { orderId, reason } = notice.params;
      const values = { amount: amount(notice.params.amount, notice.params.currency), orderId };
      return reason
        ? t("telegram.payment_failed.withReason", { ...values, reason })
        : t("telegram.payment_failed.plain", values);
    }
    case "renewal_reminder":
      return t("telegram.renewal_reminder", {
        plan: notice.params.plan,
        date: date(notice.params.endsOn),
        url: appUrl("/dashboard/plans"),
      });
    case "plan_ended":
      return t("telegram.plan_ended", {
        plan: notice.params.plan,
        freePlan: notice.params.freePlan,
        date: date(notice.params.endedOn),
        url: appUrl("/dashboard/plans"),
      });
  }
}
