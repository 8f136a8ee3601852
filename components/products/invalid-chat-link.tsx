import { useTranslations } from "next-intl";
import { Card } from "@/components/ui/card";
import type { ChatLinkCheck } from "@/lib/telegram/chat-link";

export type ChatLinkProblem = Exclude<ChatLinkCheck, { ok: true }>["reason"];

/** What a visitor sees for a bot link that is incomplete, damaged or forged (answered with 400). */
export function InvalidChatLink({ problem }: { problem: ChatLinkProblem }) {
  const t = useTranslations("pay.link");
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <Card>
        <p className="text-slate-800" data-testid="link-problem">
          {t(`problems.${problem}`)}
        </p>
        <p className="mt-3 text-sm text-slate-600">{t("nothingBought")}</p>
      </Card>
    </div>
  );
}
