// How a session looks on the wire: Stripe's `checkout.session` object (and its `line_items`
// list when expanded). Field names and types follow the API reference (docs.stripe.com/api/
// checkout/sessions/object) and stripe-node v23's types for API version 2026-10-28; fields the
// emulator has no model for carry what a plain card payment in test mode shows (null, false, [])
// so typed clients find every field they declare.
import type { SessionRecord } from "./model";
import { NULL_ADDRESS, paymentIntentObject } from "./wire-payment";

export function sessionObject(s: SessionRecord, expand: ReadonlySet<string> = new Set()) {
  const paid = s.status === "complete";
  return {
    id: s.id,
    object: "checkout.session",
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: s.amountTotal,
    amount_total: s.amountTotal,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: s.cancelUrl || null,
    client_reference_id: s.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: s.created,
    currency: s.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: null,
    customer_account: null,
    customer_creation: "if_required",
    // Filled in once the customer has gone through the form, as on Stripe.
    customer_details: paid
      ? {
          address: { ...NULL_ADDRESS, country: "US" },
          business_name: null,
          email: s.customerEmail ?? "customer@example.com",
          individual_name: null,
          name: "Emulated Customer",
          phone: null,
          tax_exempt: "none",
          tax_ids: [],
        }
      : null,
    customer_email: s.customerEmail,
    discounts: [],
    expires_at: s.expiresAt,
    invoice: null,
    invoice_creation: null,
    ...(expand.has("line_items") ? { line_items: lineItemsList(s) } : {}),
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: { ...s.metadata },
    mode: "payment",
    origin_context: null,
    payment_intent:
      expand.has("payment_intent") && s.paymentIntent ? paymentIntentObject(s) : s.paymentIntent,
    payment_link: null,
    payment_method_collection: "if_required",
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    payment_status: s.paymentStatus,
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: s.status,
    submit_type: null,
    subscription: null,
    success_url: s.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted",
    // Stripe clears `url` once the session is no longer open.
    url: s.status === "open" ? s.url : null,
    wallet_options: null,
  };
}

export function lineItemsList(s: SessionRecord) {
  const data = s.lineItems.map((item, index) => ({
    id: `li_${s.id.slice(8, 32)}${index}`,
    object: "item",
    amount_discount: 0,
    amount_subtotal: item.unitAmount * item.quantity,
    amount_tax: 0,
    amount_total: item.unitAmount * item.quantity,
    currency: s.currency,
    description: item.name,
    quantity: item.quantity,
  }));
  return { object: "list", data, has_more: false, url: `/v1/checkout/sessions/${s.id}/line_items` };
}
