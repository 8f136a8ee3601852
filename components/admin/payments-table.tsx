"use client";

import type { Route } from "next";
import {
  FlexRender,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";

// The admin payments table: TanStack Table in manual mode. The server sorts and pages (keyset,
// lib/billing/admin/list-payments.ts); the table renders and turns a header click into the URL of
// the new order, which the server then renders. All state is in the URL. Amounts are compared
// within one currency only: the Amount order waits for a currency filter (`amountSortable`).
// From md up it is a table that fits a 1280 px screen (long references are cut, whole on hover
// and on the payment's page); on a phone each payment is a card, its status always in view.

export interface PaymentTableRow {
  id: string;
  created: string; // formatted on the server, in the reader's language
  customer: string;
  purpose: string;
  provider: string;
  amount: string; // formatted from minor units on the server
  status: PaymentStatus;
  providerRef: string;
}

export type SortKey = "created" | "amount" | "status";
type ColumnId = SortKey | "customer" | "purpose" | "provider" | "providerRef";

const features = tableFeatures({ rowSortingFeature });
const ARROWS = { none: "↕", asc: "↑", desc: "↓" } as const;

/** Cell classes: a labelled line of a card on a phone, a table cell from md up. */
const CELL: Record<ColumnId, string> = {
  created: "md:whitespace-nowrap",
  customer: "",
  purpose: "md:min-w-[8rem]",
  provider: "md:min-w-[7rem]",
  amount: "tabular-nums md:whitespace-nowrap md:text-right",
  status: "md:whitespace-nowrap",
  providerRef: "",
};

export function PaymentsTable({
  rows,
  sort,
  dir,
  sortHrefs,
  amountSortable,
}: {
  rows: PaymentTableRow[];
  sort: SortKey;
  dir: "asc" | "desc";
  /** The URL of each order, built by the server from the current filters. */
  sortHrefs: Record<SortKey, Record<"asc" | "desc", Route>>;
  /** A currency filter is set: only then can amounts be ordered. */
  amountSortable: boolean;
}) {
  const t = useTranslations("admin.payments");
  const router = useRouter();
  const header = (id: ColumnId) => t(`columns.${id}`);
  const columns: ColumnDef<typeof features, PaymentTableRow>[] = [
    {
      id: "created",
      accessorKey: "created",
      header: header("created"),
      cell: (info) => (
        <Link href={`/admin/payments/${info.row.original.id}`} className="text-brand-700 hover:underline">
          {info.getValue<string>()}
        </Link>
      ),
    },
    {
      id: "customer",
      accessorKey: "customer",
      header: header("customer"),
      enableSorting: false,
      cell: (info) => (
        <span className="block break-all md:max-w-[14rem] md:truncate" title={info.getValue<string>()}>
          {info.getValue<string>()}
        </span>
      ),
    },
    { id: "purpose", accessorKey: "purpose", header: header("purpose"), enableSorting: false },
    { id: "provider", accessorKey: "provider", header: header("provider"), enableSorting: false },
    { id: "amount", accessorKey: "amount", header: header("amount"), enableSorting: amountSortable },
    {
      id: "status",
      accessorKey: "status",
      header: header("status"),
      cell: (info) => (
        <span data-status={info.getValue<PaymentStatus>()}>
          <PaymentStatusBadge status={info.getValue<PaymentStatus>()} />
        </span>
      ),
    },
    {
      id: "providerRef",
      accessorKey: "providerRef",
      header: header("providerRef"),
      enableSorting: false,
      cell: (info) => (
        <span
          className="block break-all font-mono text-xs md:max-w-[10rem] md:truncate"
          title={info.getValue<string>()}
        >
          {info.getValue<string>()}
        </span>
      ),
    },
  ];
  const sorting: SortingState = [{ id: sort, desc: dir === "desc" }];
  const table = useTable({
    features,
    columns,
    data: rows,
    manualSorting: true,
    enableSortingRemoval: false,
    sortDescFirst: true,
    state: { sorting },
    onSortingChange: (updater: Updater<SortingState>) => {
      const [next] = typeof updater === "function" ? updater(sorting) : updater;
      if (next && next.id in sortHrefs)
        router.push(sortHrefs[next.id as SortKey][next.desc ? "desc" : "asc"]);
    },
  });
  const arrow = (key: SortKey) => ARROWS[sort !== key ? "none" : dir];

  return (
    <div>
      {/* A phone has no header row: the orders are links above the cards. */}
      <nav
        aria-label={t("sortBy")}
        className="flex flex-wrap items-center gap-x-4 gap-y-1 p-3 text-sm md:hidden"
      >
        <span className="text-slate-500">{t("sortBy")}</span>
        {(["created", "amount", "status"] as const).map((key) =>
          key === "amount" && !amountSortable ? (
            <span
              key={key}
              className="text-slate-400"
              aria-disabled
              aria-describedby="amount-sort-hint-phone"
            >
              {header(key)} {arrow(key)}
            </span>
          ) : (
            <Link
              key={key}
              href={sortHrefs[key][sort === key && dir === "desc" ? "asc" : "desc"]}
              aria-current={sort === key ? "true" : undefined}
              className={sort === key ? "font-medium text-slate-900" : "text-brand-700 hover:underline"}
            >
              {header(key)} {arrow(key)}
            </Link>
          ),
        )}
        {amountSortable ? null : (
          <span id="amount-sort-hint-phone" className="w-full text-xs text-slate-500">
            {t("amountNeedsCurrency")}
          </span>
        )}
      </nav>
      {amountSortable ? null : (
        <p id="amount-sort-hint" className="hidden px-3 pt-2 text-xs text-slate-500 md:block">
          {t("amountNeedsCurrency")}
        </p>
      )}
      <div className="md:overflow-x-auto">
        <table className="block w-full text-left text-sm md:table" data-testid="payments-table">
          <thead className="hidden border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500 md:table-header-group">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((column) => {
                  const sorted = column.column.getIsSorted();
                  const id = column.column.id as ColumnId;
                  return (
                    <th
                      key={column.id}
                      scope="col"
                      className={`px-3 py-2 font-medium ${id === "amount" ? "text-right" : ""}`}
                      aria-sort={sorted ? (sorted === "desc" ? "descending" : "ascending") : undefined}
                    >
                      {column.column.getCanSort() ? (
                        <button
                          type="button"
                          onClick={column.column.getToggleSortingHandler()}
                          className="inline-flex items-center gap-1 uppercase hover:text-slate-800"
                        >
                          <FlexRender header={column} />
                          <span aria-hidden>{ARROWS[sorted || "none"]}</span>
                        </button>
                      ) : id === "amount" ? (
                        <button
                          type="button"
                          disabled
                          aria-describedby="amount-sort-hint"
                          className="inline-flex cursor-not-allowed items-center gap-1 uppercase text-slate-400"
                        >
                          <FlexRender header={column} />
                          <span aria-hidden>{ARROWS.none}</span>
                        </button>
                      ) : (
                        <FlexRender header={column} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="block divide-y divide-slate-100 md:table-row-group">
            {table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                className="block px-3 py-2 md:table-row md:p-0"
                data-testid="admin-payment-row"
              >
                {row.getAllCells().map((cell) => {
                  const id = cell.column.id as ColumnId;
                  return (
                    <td
                      key={cell.id}
                      className={`flex justify-between gap-3 py-0.5 md:table-cell md:px-3 md:py-2 ${CELL[id]}`}
                    >
                      <span className="shrink-0 text-slate-500 md:hidden">{header(id)}</span>
                      <span className="min-w-0 text-right md:text-left">
                        <FlexRender cell={cell} />
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 ? <p className="px-3 py-6 text-center text-slate-600">{t("noMatch")}</p> : null}
    </div>
  );
}
