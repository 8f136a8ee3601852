import { useLocale, useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/actions/validated-action";
import type { ApiKeyListItem } from "@/lib/billing/api-keys/queries";
import { formatDateTime } from "@/lib/format";
import { ConfirmAction } from "@/components/admin/confirm-action";

type Action = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

// On a phone each key is a card (a label beside each value); from md up, a table.
const cell = "flex justify-between gap-3 py-0.5 md:table-cell md:px-4 md:py-3";
const label = "shrink-0 text-slate-500 md:hidden";

/** Every /api/v1 key: what tells it apart (name, prefix), what it may do, and when it was used. */
export function ApiKeyList({ keys, revokeAction }: { keys: ApiKeyListItem[]; revokeAction: Action }) {
  const t = useTranslations("admin.apiKeys");
  const locale = useLocale();
  if (keys.length === 0) return <p className="p-5 text-sm text-slate-600">{t("none")}</p>;
  const columns = {
    name: t("columns.name"),
    key: t("columns.key"),
    scopes: t("columns.scopes"),
    created: t("columns.created"),
    lastUsed: t("columns.lastUsed"),
    status: t("columns.status"),
  };
  return (
    <div className="overflow-x-auto">
      <table className="block w-full text-left text-sm md:table" aria-label={t("title")}>
        <thead className="hidden border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 md:table-header-group">
          <tr>
            <th className="px-4 py-2 font-semibold">{columns.name}</th>
            <th className="px-4 py-2 font-semibold">{columns.key}</th>
            <th className="px-4 py-2 font-semibold">{columns.scopes}</th>
            <th className="px-4 py-2 font-semibold">{columns.created}</th>
            <th className="px-4 py-2 font-semibold">{columns.lastUsed}</th>
            <th className="px-4 py-2 font-semibold">{columns.status}</th>
          </tr>
        </thead>
        <tbody className="block divide-y divide-slate-100 md:table-row-group">
          {keys.map((key) => (
            <tr
              key={key.id}
              data-testid="api-key-row"
              className={`block px-5 py-3 md:table-row md:p-0 ${key.revokedAt ? "text-slate-500" : ""}`}
            >
              <td className="block break-words pb-1 font-medium md:table-cell md:px-4 md:py-3">{key.name}</td>
              <td className={`${cell} md:whitespace-nowrap`}>
                <span className={label}>{columns.key}</span>
                <code data-testid="api-key-prefix">{key.prefix}…</code>
              </td>
              <td className={cell}>
                <span className={label}>{columns.scopes}</span>
                <span className="text-right md:text-left">{key.scopes.join(", ")}</span>
              </td>
              <td className={cell}>
                <span className={label}>{columns.created}</span>
                <span className="text-right md:text-left">
                  {formatDateTime(key.createdAt, locale)}
                  {key.createdByEmail ? (
                    <span className="block break-all text-xs text-slate-500">
                      {t("by", { email: key.createdByEmail })}
                    </span>
                  ) : null}
                </span>
              </td>
              <td className={cell}>
                <span className={label}>{columns.lastUsed}</span>
                <span className="text-right md:text-left">
                  {key.lastUsedAt ? formatDateTime(key.lastUsedAt, locale) : t("never")}
                </span>
              </td>
              <td className={cell}>
                <span className={label}>{columns.status}</span>
                {key.revokedAt ? (
                  <span data-testid="api-key-status" className="text-right md:text-left">
                    {t("revokedAt", { date: formatDateTime(key.revokedAt, locale) })}
                  </span>
                ) : (
                  <div className="space-y-2 text-right md:text-left">
                    <span data-testid="api-key-status">{t("active")}</span>
                    <ConfirmAction
                      action={revokeAction}
                      fields={{ id: key.id }}
                      label={t("revoke")}
                      confirmLabel={t("revokeNow", { name: key.name })}
                    />
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
