import { AutoRefresh, type RefreshCheck } from "@/components/ui/auto-refresh";

/**
 * A payment the provider has not confirmed yet: says so, and reloads until it has. With `check`
 * (the page's check action), each reload first asks the provider, in case its notification is late.
 */
export function AwaitingConfirmation({
  by = "the payment provider",
  check,
}: {
  by?: string;
  check?: RefreshCheck;
}) {
  return (
    <>
      <p className="text-lg font-semibold">Waiting for confirmation…</p>
      <p className="mt-1 text-sm text-slate-600">
        This page updates by itself as soon as {by} confirms the payment.
      </p>
      <AutoRefresh check={check} />
    </>
  );
}
