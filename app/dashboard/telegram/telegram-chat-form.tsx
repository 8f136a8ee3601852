"use client";

import { useActionState } from "react";
import { linkTelegramAction, unlinkTelegramAction } from "./actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

/** Link a chat by id, or confirm the chat of a bot's signed link (then the id is fixed). */
export function TelegramChatForm({ signedLink }: { signedLink: { chatId: string; sig: string } | null }) {
  const [state, formAction, pending] = useActionState(linkTelegramAction, null);
  return (
    <form action={formAction} className="space-y-3">
      {signedLink ? (
        <>
          <input type="hidden" name="chat_id" value={signedLink.chatId} />
          <input type="hidden" name="sig" value={signedLink.sig} />
          <p className="text-sm text-slate-700">
            The bot sent you here to link chat <strong>{signedLink.chatId}</strong>.
          </p>
        </>
      ) : (
        <Field
          label="Telegram chat id"
          name="chat_id"
          inputMode="numeric"
          placeholder="e.g. 123456789"
          required
          errors={state && !state.ok ? state.errors?.chat_id : undefined}
        />
      )}
      <Button type="submit" disabled={pending}>
        {signedLink ? "Link this chat" : "Link chat"}
      </Button>
      <FormMessage message={state?.message} tone={state?.ok ? "info" : "error"} />
    </form>
  );
}

export function UnlinkTelegramButton() {
  const [state, formAction, pending] = useActionState(unlinkTelegramAction, null);
  return (
    <form action={formAction} className="space-y-2">
      <Button type="submit" variant="secondary" disabled={pending}>
        Stop notifications
      </Button>
      <FormMessage message={state?.message} tone={state?.ok ? "info" : "error"} />
    </form>
  );
}
