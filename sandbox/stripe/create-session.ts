// Validation of `POST /v1/checkout/sessions` the way Stripe validates it. Confirmed wording:
// "Missing required param: success_url.", "The Checkout Session's total amount due must add up
// to at least $0.50 usd", "The `expires_at` timestamp must be at least 30 minutes from / less
// than 24 hours from Checkout Session creation.". Parameters Stripe knows but the emulator does not model are accepted and ignored;
// names Stripe does not know are refused ("Received unknown parameter"), as Stripe does.
import { invalidRequest, missingParam } from "./errors";
import type { FormObject } from "./form";
import { type LineItem, unixNow } from "./model";
import { describeAmount, MAX_AMOUNT, minimumAmount } from "./money";
import { hash, int, list, metadata, rejectUnknown, str, url } from "./params";
import type { NewSession } from "./sessions";

// Top-level create params of stripe-node v23 (SessionCreateParams), plus the older
// `payment_method_types` that many integrations still send.
// prettier-ignore
const SESSION_PARAMS = new Set([
  "adaptive_pricing", "after_expiration", "allow_promotion_codes", "allowed_payment_method_types",
  "automatic_tax", "billing_address_collection", "branding_settings", "cancel_url", "client_reference_id",
  "consent_collection", "currency", "custom_fields", "custom_text", "customer", "customer_account",
  "customer_creation", "customer_email", "customer_update", "discounts", "excluded_payment_method_types",
  "expand", "expires_at", "integration_identifier", "invoice_creation", "line_items", "locale",
  "managed_payments", "metadata", "mode", "name_collection", "optional_items", "origin_context",
  "payment_intent_data", "payment_method_collection", "payment_method_configuration", "payment_method_data",
  "payment_method_options", "payment_method_types", "permissions", "phone_number_collection",
  "redirect_on_completion", "return_url", "saved_payment_method_options", "setup_intent_data",
  "shipping_address_collection", "shipping_options", "submit_type", "subscription_data", "success_url",
  "tax_id_collection", "ui_mode", "wallet_options",
]);

const MIN_LIFETIME_S = 30 * 60;
const MAX_LIFETIME_S = 24 * 3600;

export function parseSessionCreate(form: FormObject): NewSession {
  rejectUnknown(form, SESSION_PARAMS);
  const mode = str(form.mode, "mode");
  if (mode === undefined) throw missingParam("mode");
  if (!["payment", "setup", "subscription"].includes(mode)) {
    throw invalidRequest("Invalid mode: must be one of payment, setup, or subscription", "mode");
  }
  if (mode !== "payment") throw invalidRequest("This emulator implements mode=payment only.", "mode");
  const uiMode = str(form.ui_mode, "ui_mode") ?? "hosted";
  if (uiMode !== "hosted") throw invalidRequest("This emulator implements ui_mode=hosted only.", "ui_mode");

  const { items, currency } = lineItems(form);
  const total = items.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0);
  if (total < minimumAmount(currency)) {
    throw invalidRequest(
      `The Checkout Session's total amount due must add up to at least ${describeAmount(minimumAmount(currency), currency)}`,
    );
  }
  if (total > MAX_AMOUNT)
    throw invalidRequest(`Amount must be no more than ${describeAmount(MAX_AMOUNT, currency)}`);

  const successUrl = url(form.success_url, "success_url");
  if (successUrl === undefined) throw missingParam("success_url");
  const clientReferenceId = str(form.client_reference_id, "client_reference_id") ?? null;
  if (clientReferenceId !== null && clientReferenceId.length > 200) {
    throw invalidRequest("Invalid string: must be at most 200 characters", "client_reference_id");
  }
  const customerEmail = str(form.customer_email, "customer_email") ?? null;
  if (customerEmail !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(customerEmail)) {
    throw invalidRequest(`Invalid email address: ${customerEmail}`, "customer_email", "email_invalid");
  }
  const now = unixNow();
  const expiresAt = int(form.expires_at, "expires_at", 0) ?? now + MAX_LIFETIME_S;
  const creation = "from Checkout Session creation.";
  if (expiresAt - now < MIN_LIFETIME_S) {
    throw invalidRequest(
      `The \`expires_at\` timestamp must be at least 30 minutes ${creation}`,
      "expires_at",
    );
  }
  if (expiresAt - now > MAX_LIFETIME_S) {
    throw invalidRequest(`The \`expires_at\` timestamp must be less than 24 hours ${creation}`, "expires_at");
  }
  const intentData = hash(form.payment_intent_data, "payment_intent_data") ?? {};
  return {
    lineItems: items,
    currency,
    clientReferenceId,
    metadata: metadata(form.metadata, "metadata"),
    paymentIntentMetadata: metadata(intentData.metadata, "payment_intent_data[metadata]"),
    customerEmail,
    successUrl,
    cancelUrl: url(form.cancel_url, "cancel_url") ?? "",
    expiresAt,
  };
}

function lineItems(form: FormObject): { items: LineItem[]; currency: string } {
  const raw = list(form.line_items, "line_items");
  if (raw === undefined || raw.length === 0) throw missingParam("line_items");
  let currency: string | undefined;
  const items = raw.map((value, i): LineItem => {
    const at = `line_items[${i}]`;
    const item = hash(value, at) ?? {};
    const price = str(item.price, `${at}[price]`);
    if (price !== undefined)
      throw invalidRequest(`No such price: '${price}'`, `${at}[price]`, "resource_missing");
    const data = hash(item.price_data, `${at}[price_data]`);
    if (data === undefined)
      throw invalidRequest(`You must specify either \`price\` or \`price_data\` in \`${at}\`.`, at);
    const itemCurrency = str(data.currency, `${at}[price_data][currency]`)?.toLowerCase();
    if (itemCurrency === undefined) throw missingParam(`${at}[price_data][currency]`);
    if (!/^[a-z]{3}$/.test(itemCurrency))
      throw invalidRequest(`Invalid currency: ${itemCurrency}`, `${at}[price_data][currency]`);
    if (currency !== undefined && currency !== itemCurrency) {
      throw invalidRequest("All line items in a Checkout Session must use the same currency.", "line_items");
    }
    currency = itemCurrency;
    const unitAmount = int(data.unit_amount, `${at}[price_data][unit_amount]`, 0);
    if (unitAmount === undefined) throw missingParam(`${at}[price_data][unit_amount]`);
    const product = hash(data.product_data, `${at}[price_data][product_data]`);
    const name = str(product?.name, `${at}[price_data][product_data][name]`);
    if (!name) throw missingParam(`${at}[price_data][product_data][name]`);
    const quantity = int(item.quantity, `${at}[quantity]`, 1);
    if (quantity === undefined) throw missingParam(`${at}[quantity]`);
    return { name, unitAmount, quantity };
  });
  return { items, currency: currency ?? "usd" };
}
