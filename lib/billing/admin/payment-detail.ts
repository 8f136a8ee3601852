import { isRecordId } from "@/lib/record-id";
import { maskBody, maskHeaders } from "@/lib/billing/admin/mask";
import { db } from "@/lib/db";

// Everything about one payment for /admin/payments/[id]: who, what, how much, its timeline, the
// deliveries behind it (secrets masked here, so no page can show them), what it granted and the
// messages it caused with every attempt.

export async function getAdminPayment(id: string) {
  if (!isRecordId(id)) return null;
  const payment = await db.payment.findUnique({
    where: { id },
    include: {
      user: { select: { id: true, email: true, telegramChatId: true } },
      plan: { select: { name: true, slug: true } },
      product: { select: { name: true, slug: true } },
      events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      deliveries: { orderBy: [{ receivedAt: "asc" }, { id: "asc" }] },
      entitlement: true,
      notifications: {
        orderBy: { createdAt: "asc" },
        include: { history: { orderBy: { at: "asc" } } },
      },
    },
  });
  if (!payment) return null;

  const actorIds = [...new Set(payment.events.map((event) => event.actorId).filter((a): a is string => !!a))];
  const actors = await db.user.findMany({
    where: { id: { in: actorIds } },
    select: { id: true, email: true },
  });
  const actorEmail = new Map(actors.map((actor) => [actor.id, actor.email]));

  return {
    ...payment,
    events: payment.events.map((event) => ({
      ...event,
      actorEmail: event.actorId ? (actorEmail.get(event.actorId) ?? null) : null,
    })),
    deliveries: payment.deliveries.map((delivery) => ({
      ...delivery,
      headers: maskHeaders(delivery.headers as Record<string, string>),
      body: maskBody(delivery.body),
    })),
  };
}

export type AdminPayment = NonNullable<Awaited<ReturnType<typeof getAdminPayment>>>;
