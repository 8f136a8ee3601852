import type { Locale } from "@/lib/i18n/locales";
import enAdmin from "@/messages/en/admin.json";
import enAuth from "@/messages/en/auth.json";
import enBot from "@/messages/en/bot.json";
import enBilling from "@/messages/en/billing.json";
import enCommon from "@/messages/en/common.json";
import enDashboard from "@/messages/en/dashboard.json";
import enLanding from "@/messages/en/landing.json";
import enPay from "@/messages/en/pay.json";
import enReceipt from "@/messages/en/receipt.json";
import enTelegram from "@/messages/en/telegram.json";
import ruAdmin from "@/messages/ru/admin.json";
import ruAuth from "@/messages/ru/auth.json";
import ruBot from "@/messages/ru/bot.json";
import ruBilling from "@/messages/ru/billing.json";
import ruCommon from "@/messages/ru/common.json";
import ruDashboard from "@/messages/ru/dashboard.json";
import ruLanding from "@/messages/ru/landing.json";
import ruPay from "@/messages/ru/pay.json";
import ruReceipt from "@/messages/ru/receipt.json";
import ruTelegram from "@/messages/ru/telegram.json";

// The catalogs, one file per namespace and language under messages/. English is the reference
// shape (types/next-intl.d.ts types every key from it); tests/unit/catalogs.test.ts fails when the
// Russian catalog lacks a key, has an extra one, or uses different placeholders.

const en = {
  admin: enAdmin,
  auth: enAuth,
  bot: enBot,
  billing: enBilling,
  common: enCommon,
  dashboard: enDashboard,
  landing: enLanding,
  pay: enPay,
  receipt: enReceipt,
  telegram: enTelegram,
};

export type Messages = typeof en;

// The shapes are compared key by key (and placeholders) by tests/unit/catalogs.test.ts.
const ru: Messages = {
  admin: ruAdmin,
  auth: ruAuth,
  bot: ruBot,
  billing: ruBilling,
  common: ruCommon,
  dashboard: ruDashboard,
  landing: ruLanding,
  pay: ruPay,
  receipt: ruReceipt,
  telegram: ruTelegram,
};

export const CATALOGS: Record<Locale, Messages> = { en, ru };
