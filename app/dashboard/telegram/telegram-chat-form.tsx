"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { linkTelegramAction, unlinkTelegramAction } from "./actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

/** Link a chat by id, or confirm the chat of a bot's signed link (then the id is fixed). */
export function TelegramChatForm({ signedLink }: { signedLink: { chatId: string; sig: string } | null }) {
  const t = useTranslations("dashboard.telegram");
  const [state, formAction, pending] = useActionState(linkTelegramAction, null);
  return (
    <form action={formAction} className="space-y-3">
      {signedLink ? (
        <>
          <input type="hidden" name="chat_id" value={signedLink.chatId} />
          <input type="hidden" name="sig" value={signedLink.sig} />
          <p className="text-sm text-slate-700">
            {t.rich("fromBot", { chat: signedLink.chatId, strong: (chunks) => <strong>{chunks}</strong> })}
          </p>
        </>
      ) : (
        <Field
          label={t("chatId")}
          name="chat_id"
          inputMode="numeric"
          placeholder={t("chatIdPlaceholder")}
          required
          errors={state && !state.ok ? state.errors?.chat_id : undefined}
        />
      )}
      <Button type="submit" disabled={pending}>
        {signedLink ? t("linkThis") : t("linkChat")}
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
