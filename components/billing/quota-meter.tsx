import { useLocale, useTranslations } from "next-intl";
import { formatNumber } from "@/lib/format";

/** Requests used against the plan's limit, as a bar with the numbers beside it. */
export function QuotaMeter({ used, limit }: { used: number; limit: number }) {
  const t = useTranslations("dashboard.quota");
  const locale = useLocale();
  const percent = limit > 0 ? Math.min(100, Math.round((used / limit) * 100)) : 100;
  return (
    <div>
      <p className="text-2xl font-semibold">
        {formatNumber(used, locale)}{" "}
        <span className="text-base font-normal text-slate-500">{t("requests", { limit })}</span>
      </p>
      <div
        className="mt-2 h-2 w-full overflow-hidden rounded-full bg-slate-100"
        role="progressbar"
        aria-label={t("label")}
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={used}
      >
        <div
          className={`h-full ${percent >= 90 ? "bg-red-500" : "bg-brand-600"}`}
          style={{ width: `${percent}%` }}
        />
      </div>
    </div>
  );
}
