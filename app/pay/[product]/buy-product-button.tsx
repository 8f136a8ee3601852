"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { buyProductAction } from "./actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

/** Opens Stripe Checkout for the product; the bot link's tg_id and sig travel with the form. */
export function BuyProductButton({
  product,
  label,
  chatLink,
  disabled = false,
}: {
  product: string;
  label: string;
  chatLink: { tgId: string; sig: string } | null;
  disabled?: boolean;
}) {
  const t = useTranslations("pay.product");
  const [state, formAction, pending] = useActionState(buyProductAction, null);
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="product" value={product} />
      {chatLink ? (
        <>
          <input type="hidden" name="tg_id" value={chatLink.tgId} />
          <input type="hidden" name="sig" value={chatLink.sig} />
        </>
      ) : null}
      <Button type="submit" disabled={pending || disabled} className="w-full">
        {pending ? t("opening") : label}
      </Button>
      <FormMessage message={state && !state.ok ? state.message : null} />
    </form>
  );
}
