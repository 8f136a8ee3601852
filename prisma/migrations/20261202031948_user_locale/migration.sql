-- AlterTable
ALTER TABLE "User" ADD COLUMN     "locale" TEXT;

-- Only the languages the app speaks (lib/i18n/locales.ts).
ALTER TABLE "User" ADD CONSTRAINT "User_locale_check" CHECK ("locale" IN ('ru', 'en'));
