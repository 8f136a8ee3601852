import { useTranslations } from "next-intl";
import { AutoRefresh, type RefreshCheck } from "@/components/ui/auto-refresh";

/**
 * A payment the provider has not confirmed yet: says so, and reloads until it has. `by` names the
 * provider ("Stripe"), else "the payment provider" in the reader's language. With `check` (the
 * page's check action), each reload first asks the provider, in case its notification is late.
 */
export function AwaitingConfirmation({ by, check }: { by?: string; check?: RefreshCheck }) {
  const t = useTranslations("dashboard.awaiting");
  return (
    <>
      <p className="text-lg font-semibold">{t("title")}</p>
      <p className="mt-1 text-sm text-slate-600">{t("body", { by: by ?? t("provider") })}</p>
      <AutoRefresh check={check} />
    </>
  );
}
