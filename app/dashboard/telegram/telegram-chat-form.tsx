"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { connectTelegramAction, linkTelegramAction, unlinkTelegramAction } from "./actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

/** "Connect Telegram": the action sends the browser on to the bot (t.me/<bot>?start=<token>). */
export function ConnectTelegramButton() {
  const t = useTranslations("dashboard.telegram");
  const [state, formAction, pending] = useActionState(connectTelegramAction, null);
  return (
    <form action={formAction} className="space-y-3">
      <p className="text-sm text-slate-700">{t("connectHow")}</p>
      <Button type="submit" disabled={pending}>
        {t("connect")}
      </Button>
      <FormMessage message={state?.message} tone="error" />
    </form>
  );
}

/** Confirms the chat of a bot's signed link (the id is fixed by the link). */
export function SignedChatForm({ signedLink }: { signedLink: { chatId: string; sig: string } }) {
  const t = useTranslations("dashboard.telegram");
  const [state, formAction, pending] = useActionState(linkTelegramAction, null);
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="chat_id" value={signedLink.chatId} />
      <input type="hidden" name="sig" value={signedLink.sig} />
      <p className="text-sm text-slate-700">
        {t.rich("fromBot", { chat: signedLink.chatId, strong: (chunks) => <strong>{chunks}</strong> })}
      </p>
      <Button type="submit" disabled={pending}>
        {t("linkThis")}
      </Button>
      <FormMessage message={state?.message} tone={state?.ok ? "info" : "error"} />
    </form>
  );
}

export function UnlinkTelegramButton() {
  const t = useTranslations("dashboard.telegram");
  const [state, formAction, pending] = useActionState(unlinkTelegramAction, null);
  return (
    <form action={formAction} className="space-y-2">
      <Button type="submit" variant="secondary" disabled={pending}>
        {t("stop")}
      </Button>
      <FormMessage message={state?.message} tone={state?.ok ? "info" : "error"} />
    </form>
  );
}
