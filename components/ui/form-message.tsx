/** A form-level message. `role="status"` rather than "alert": Next's route announcer is an alert. */
export function FormMessage({
  message,
  tone = "error",
}: {
  message?: string | null;
  tone?: "error" | "info";
}) {
  if (!message) return null;
  const colors =
    tone === "error"
      ? "border-red-200 bg-red-50 text-red-800"
      : "border-brand-100 bg-brand-50 text-brand-700";
  return (
    <p role="status" className={`rounded-md border px-3 py-2 text-sm ${colors}`}>
      {message}
    </p>
  );
}
