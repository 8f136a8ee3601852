// One-time products: what a completed product payment delivers (decided in
// lib/billing/payments/effects.ts, written with the payment's move).

export const DEFAULT_DELIVERY_MESSAGE =
  "Thank you for your purchase! Here is your private invite link: {link}\nIt is for you alone; please don't share it.";
