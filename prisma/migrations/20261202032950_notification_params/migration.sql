-- A notification is rendered when it is sent, in the recipient's language at that moment: it
-- stores its kind and the values it names (`params`), and the sender renders `telegram.<kind>`
-- (lib/notifications/render.ts). `text` stays for what is sent exactly as written: a product's
-- own delivery message (the seller's words).
--
-- Rows already queued keep the text they were queued with and are sent with it, as before
-- (a non-null `text` is sent as it is), so nothing waiting in the outbox is lost or changed.

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "params" JSONB NOT NULL DEFAULT '{}',
ALTER COLUMN "text" DROP NOT NULL;
