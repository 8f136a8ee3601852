import type { Metadata } from "next";
import { InvalidChatLink } from "@/components/products/invalid-chat-link";
import { CHAT_LINK_PROBLEM } from "@/lib/telegram/chat-link";

export const metadata: Metadata = { title: "Invalid payment link", robots: { index: false } };

// proxy.ts rewrites a /pay/… request with a bad bot link here, with status 400.
export default async function PayLinkInvalidPage({ searchParams }: PageProps<"/pay-link-invalid">) {
  const { reason } = await searchParams;
  const problem =
    typeof reason === "string" && reason in CHAT_LINK_PROBLEM
      ? CHAT_LINK_PROBLEM[reason as keyof typeof CHAT_LINK_PROBLEM]
      : CHAT_LINK_PROBLEM.malformed;
  return <InvalidChatLink problem={problem} />;
}
