import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { InvalidChatLink, type ChatLinkProblem } from "@/components/products/invalid-chat-link";

const PROBLEMS: readonly ChatLinkProblem[] = ["missing", "malformed", "bad_signature", "not_configured"];

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pay.link");
  return { title: t("metaTitle"), robots: { index: false } };
}

// proxy.ts rewrites a /pay/… request with a bad bot link here, with status 400.
export default async function PayLinkInvalidPage({ searchParams }: PageProps<"/pay-link-invalid">) {
  const { reason } = await searchParams;
  const problem = PROBLEMS.find((known) => known === reason) ?? "malformed";
  return <InvalidChatLink problem={problem} />;
}
