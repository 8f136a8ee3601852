import { AutoRefresh } from "@/components/ui/auto-refresh";

/** A payment the provider has not confirmed yet: says so, and reloads until it has. */
export function AwaitingConfirmation({ by = "the payment provider" }: { by?: string }) {
  return (
    <>
      <p className="text-lg font-semibold">Waiting for confirmation…</p>
      <p className="mt-1 text-sm text-slate-600">
        This page updates by itself as soon as {by} confirms the payment.
      </p>
      <AutoRefresh />
    </>
  );
}
