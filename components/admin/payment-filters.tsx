import type { Route } from "next";
import Link from "next/link";
import { PROVIDER_LABEL } from "@/components/billing/payment-labels";
import type { PaymentListQuery } from "@/lib/billing/admin/payment-query";
import { PAYMENT_STATUSES } from "@/lib/billing/payments/transitions";

// The filters of the admin payments table: a plain GET form, so the result is a URL that can be
// bookmarked and shared, and it works before (or without) JavaScript. Sort order is kept.

const PURPOSES = { subscription: "Plan", topup: "Top-up", product: "Product" } as const;
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
  const select = "w-full rounded-md border border-slate-300 bg-surface px-2 py-1.5 text-sm";
  return (
    <form method="get" action="/admin/payments" className="grid gap-3 text-sm sm:grid-cols-4" role="search">
      <label className="sm:col-span-2">
        <span className="block text-slate-600">Search</span>
        <input
          name="q"
          defaultValue={query.q ?? ""}
          placeholder="Email, order id (ord_…) or provider ref; a prefix is enough"
          className={select}
        />
      </label>
      <Choice
        label="Status"
        name="status"
        value={query.status}
        options={PAYMENT_STATUSES.map((s) => [s, s.replace("_", " ")])}
      />
      <Choice
        label="Provider"
        name="provider"
        value={query.provider}
        options={Object.entries(PROVIDER_LABEL)}
      />
      <Choice label="Plan" name="plan" value={query.plan} options={plans.map((p) => [p.slug, p.name])} />
      <Choice label="Purpose" name="purpose" value={query.purpose} options={Object.entries(PURPOSES)} />
      <Choice
        label="Currency"
        name="currency"
        value={query.currency}
        options={CURRENCIES.map((c) => [c, c])}
      />
      <label>
        <span className="block text-slate-600">From</span>
        <input type="date" name="from" defaultValue={query.from ?? ""} className={select} />
      </label>
      <label>
        <span className="block text-slate-600">To</span>
        <input type="date" name="to" defaultValue={query.to ?? ""} className={select} />
      </label>
      <label>
        <span className="block text-slate-600">Rows per page</span>
        <select name="size" defaultValue={String(query.size)} className={select}>
          {[25, 50, 100].map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      {query.customer ? (
        <p className="sm:col-span-4" data-testid="customer-filter">
          <input type="hidden" name="customer" value={query.customer} />
          Only the payments of <span className="font-medium">{customer?.label ?? "an unknown customer"}</span>
          {" · "}
          <Link href={customer?.clearHref ?? "/admin/payments"} className="text-brand-700 hover:underline">
            all customers
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
          Apply
        </button>
        <Link href="/admin/payments" className="text-brand-700 hover:underline">
          Reset
        </Link>
      </div>
    </form>
  );
}

function Choice({
  label,
  name,
  value,
  options,
}: {
  label: string;
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
        <option value="">Any</option>
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </label>
  );
}
