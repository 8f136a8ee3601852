import type { ActionResult } from "@/lib/actions/validated-action";
import type { ApiKeyListItem } from "@/lib/billing/api-keys/queries";
import { formatDateTime } from "@/lib/format";
import { ConfirmAction } from "@/components/admin/confirm-action";

type Action = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

/** Every /api/v1 key: what tells it apart (name, prefix), what it may do, and when it was used. */
export function ApiKeyList({ keys, revokeAction }: { keys: ApiKeyListItem[]; revokeAction: Action }) {
  if (keys.length === 0) return <p className="p-5 text-sm text-slate-600">No API keys yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="API keys">
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-2 font-semibold">Name</th>
            <th className="px-4 py-2 font-semibold">Key</th>
            <th className="px-4 py-2 font-semibold">Scopes</th>
            <th className="px-4 py-2 font-semibold">Created</th>
            <th className="px-4 py-2 font-semibold">Last used</th>
            <th className="px-4 py-2 font-semibold">Status</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((key) => (
            <tr
              key={key.id}
              data-testid="api-key-row"
              className={key.revokedAt ? "text-slate-500" : undefined}
            >
              <td className="px-4 py-3 font-medium">{key.name}</td>
              <td className="whitespace-nowrap px-4 py-3">
                <code data-testid="api-key-prefix">{key.prefix}…</code>
              </td>
              <td className="px-4 py-3">{key.scopes.join(", ")}</td>
              <td className="px-4 py-3">
                {formatDateTime(key.createdAt)}
                {key.createdByEmail ? (
                  <span className="block text-xs text-slate-500">by {key.createdByEmail}</span>
                ) : null}
              </td>
              <td className="px-4 py-3">{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : "Never"}</td>
              <td className="px-4 py-3">
                {key.revokedAt ? (
                  <span data-testid="api-key-status">Revoked {formatDateTime(key.revokedAt)}</span>
                ) : (
                  <div className="space-y-2">
                    <span data-testid="api-key-status">Active</span>
                    <ConfirmAction
                      action={revokeAction}
                      fields={{ id: key.id }}
                      label="Revoke"
                      confirmLabel={`Revoke “${key.name}” now`}
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
