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
import Link from "next/link";
import { useRouter } from "next/navigation";

// The admin payments table: TanStack Table in manual mode. The server sorts and pages (keyset,
// lib/billing/admin/list-payments.ts); the table renders and turns a header click into the URL of
// the new order, which the server then renders. All state is in the URL.

export interface PaymentTableRow {
  id: string;
  created: string; // formatted on the server
  customer: string;
  purpose: string;
  provider: string;
  amount: string; // formatted from minor units on the server
  status: string;
  statusLabel: string;
  providerRef: string;
}

export type SortKey = "created" | "amount" | "status";

const features = tableFeatures({ rowSortingFeature });

const columns: ColumnDef<typeof features, PaymentTableRow>[] = [
  {
    id: "created",
    accessorKey: "created",
    header: "Created",
    cell: (info) => (
      <Link href={`/admin/payments/${info.row.original.id}`} className="text-brand-700 hover:underline">
        {info.getValue<string>()}
      </Link>
    ),
  },
  { id: "customer", accessorKey: "customer", header: "Customer", enableSorting: false },
  { id: "purpose", accessorKey: "purpose", header: "Purpose", enableSorting: false },
  { id: "provider", accessorKey: "provider", header: "Provider", enableSorting: false },
  { id: "amount", accessorKey: "amount", header: "Amount" },
  {
    id: "status",
    accessorKey: "status",
    header: "Status",
    cell: (info) => <span data-status={info.getValue<string>()}>{info.row.original.statusLabel}</span>,
  },
  {
    id: "providerRef",
    accessorKey: "providerRef",
    header: "Provider ref",
    enableSorting: false,
    cell: (info) => <span className="font-mono text-xs">{info.getValue<string>()}</span>,
  },
];

export function PaymentsTable({
  rows,
  sort,
  dir,
  sortHrefs,
}: {
  rows: PaymentTableRow[];
  sort: SortKey;
  dir: "asc" | "desc";
  /** The URL of each order, built by the server from the current filters. */
  sortHrefs: Record<SortKey, Record<"asc" | "desc", Route>>;
}) {
  const router = useRouter();
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

  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[56rem] text-left text-sm" data-testid="payments-table">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className="px-3 py-2 font-medium"
                    aria-sort={sorted ? (sorted === "desc" ? "descending" : "ascending") : undefined}
                  >
                    {header.column.getCanSort() ? (
                      <button
                        type="button"
                        onClick={header.column.getToggleSortingHandler()}
                        className="inline-flex items-center gap-1 uppercase hover:text-slate-800"
                      >
                        <FlexRender header={header} />
                        <span aria-hidden>{sorted === "desc" ? "↓" : sorted === "asc" ? "↑" : "↕"}</span>
                      </button>
                    ) : (
                      <FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              className="border-b border-slate-100 last:border-0"
              data-testid="admin-payment-row"
            >
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className="whitespace-nowrap px-3 py-2">
                  <FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="px-3 py-6 text-center text-slate-600">No payments match.</p> : null}
    </div>
  );
}
