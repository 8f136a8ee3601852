import type { InputHTMLAttributes } from "react";

/** A labelled input with its validation messages, wired up for screen readers. */
export function Field({
  label,
  name,
  errors,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; errors?: string[] }) {
  const errorId = `${name}-error`;
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={name}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? errorId : undefined}
        className="block w-full rounded-md border border-slate-300 bg-surface px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-invalid:border-red-500"
        {...props}
      />
      {errors?.length ? (
        <p id={errorId} className="text-sm text-red-600">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
