import Link from "next/link";

export default function NotFound() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-slate-600">
        There is nothing at this address, or you don&apos;t have access to it.
      </p>
      <Link href="/" className="mt-6 inline-block text-brand-700 hover:underline">
        Go to the start page
      </Link>
    </div>
  );
}
