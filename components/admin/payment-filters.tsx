import type { Route } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { PaymentListQuery } from "@/lib/billing/admin/payment-query";
import { PaymentProvider, PaymentPurpose } from "@/lib/generated/prisma/enums";
import { PAYMENT_STATUSES } from "@/lib/billing/payments/transitions";

// The filters of the admin payments table: a plain GET form, so the result is a URL that can be
// bookmarked and shared, and it works before (or without) JavaScript. Sort order is kept (an
// amount order only while a currency is chosen: lib/billing/admin/payment-query.ts).

const CURRENCIES = ["USD", "EUR", "RUB"] as const;

export function PaymentFilters({
  query,
  plans,
  customer,
}: {
  query: PaymentListQuery;
  plans: { slug: string; name: string }[];
  /** Set when the table shows one customer's payments (`?customer=<id>`). */
  customer?: { label: string; clearHref: Route };
}) {
  const t = useTranslations("admin.payments.filters");
  const common = useTranslations("common");
  const select = "w-full rounded-md border border-slate-300 bg-surface px-2 py-1.5 text-sm";
  const purpose = (value: PaymentPurpose) =>
    value === "subscription" ? t("purposePlan") : common(`purpose.${value}`);
  return (
    <form method="get" action="/admin/payments" className="grid gap-3 text-sm sm:grid-cols-4" role="search">
      <label className="sm:col-span-2">
        <span className="block text-slate-600">{t("search")}</span>
        <input
          name="q"
          defaultValue={query.q ?? ""}
          placeholder={t("searchPlaceholder")}
          className={select}
        />
      </label>
      <Choice
        label={t("status")}
        any={t("any")}
        name="status"
        value={query.status}
        options={PAYMENT_STATUSES.map((status) => [status, common(`status.${status}`)])}
      />
      <Choice
        label={t("provider")}
        any={t("any")}
        name="provider"
        value={query.provider}
        options={Object.values(PaymentProvider).map((provider) => [provider, common(`provider.${provider}`)])}
      />
      <Choice
        label={t("plan")}
        any={t("any")}
        name="plan"
        value={query.plan}
        options={plans.map((p) => [p.slug, p.name])}
      />
      <Choice
        label={t("purpose")}
        any={t("any")}
        name="purpose"
        value={query.purpose}
        options={Object.values(PaymentPurpose).map((value) => [value, purpose(value)])}
      />
      <Choice
        label={t("currency")}
        any={t("any")}
        name="currency"
        value={query.currency}
        options={CURRENCIES.map((c) => [c, c])}
      />
      <label>
        <span className="block text-slate-600">{t("from")}</span>
        <input type="date" name="from" defaultValue={query.from ?? ""} className={select} />
      </label>
      <label>
        <span className="block text-slate-600">{t("to")}</span>
        <input type="date" name="to" defaultValue={query.to ?? ""} className={select} />
      </label>
      <label>
        <span className="block text-slate-600">{t("size")}</span>
        <select name="size" defaultValue={String(query.size)} className={select}>
          {[25, 50, 100].map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      {query.customer ? (
        <p className="break-words sm:col-span-4" data-testid="customer-filter">
          <input type="hidden" name="customer" value={query.customer} />
          {t.rich("customerOnly", {
            customer: customer?.label ?? t("unknownCustomer"),
            b: (chunks) => <span className="font-medium">{chunks}</span>,
          })}
          {" · "}
          <Link href={customer?.clearHref ?? "/admin/payments"} className="text-brand-700 hover:underline">
            {t("allCustomers")}
          </Link>
        </p>
      ) : null}
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <div className="flex items-end gap-3">
        <button
          type="submit"
          className="rounded-md bg-brand-600 px-4 py-1.5 font-medium text-white hover:bg-brand-700"
        >
          {t("apply")}
        </button>
        <Link href="/admin/payments" className="text-brand-700 hover:underline">
          {t("reset")}
        </Link>
      </div>
    </form>
  );
}

function Choice({
  label,
  any,
  name,
  value,
  options,
}: {
  label: string;
  /** The empty choice's words: no filter. */
  any: string;
  name: string;
  value: string | undefined;
  options: (readonly [string, string])[];
}) {
  return (
    <label>
      <span className="block text-slate-600">{label}</span>
      <select
        name={name}
        defaultValue={value ?? ""}
        className="w-full rounded-md border border-slate-300 bg-surface px-2 py-1.5 text-sm"
      >
        <option value="">{any}</option>
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </label>
  );
}
