import type pg from "pg";

// What "every payment applied exactly once" looks like in the database, read with plain SQL so the
// check does not share code with what it checks:
// - the payment is `completed`, and its timeline has exactly one move to `completed`;
// - its effect happened once: one subscription event and one paid period naming it;
// - of its deliveries exactly one is `applied`, the others `duplicate`, none left `received` or
//   `failed`; each event id is on record once.

export interface ExactlyOnceReport {
  payments: number;
  byStatus: Record<string, number>;
  /** Payments whose timeline does not have exactly one move to completed: id → count. */
  completionsNotOne: Record<string, number>;
  /** Payments without exactly one subscription event naming them. */
  subscriptionEventsNotOne: Record<string, number>;
  /** Payments without exactly one paid period naming them. */
  paidPeriodsNotOne: Record<string, number>;
  /** Payments without exactly one `applied` delivery. */
  appliedDeliveriesNotOne: Record<string, number>;
  deliveriesByOutcome: Record<string, number>;
  /** Event ids recorded (as providerEventId) more than once. */
  eventIdsTwice: number;
}

export async function exactlyOnceReport(client: pg.Client, paymentIds: string[]): Promise<ExactlyOnceReport> {
  const rows = async <T extends object>(text: string) => (await client.query<T>(text, [paymentIds])).rows;
  const counts = (list: { key: string; n: number }[]) => Object.fromEntries(list.map((r) => [r.key, r.n]));

  const byStatus = await rows<{ key: string; n: number }>(
    `SELECT status::text AS key, count(*)::int AS n FROM "Payment" WHERE id = ANY($1) GROUP BY 1`,
  );
  const completions = await rows<{ key: string; n: number }>(`
    SELECT p.id AS key, count(e.id)::int AS n FROM "Payment" p
    LEFT JOIN "PaymentEvent" e ON e."paymentId" = p.id AND e."toStatus" = 'completed'
    WHERE p.id = ANY($1) GROUP BY p.id HAVING count(e.id) <> 1`);
  const subscriptionEvents = await rows<{ key: string; n: number }>(`
    SELECT p.id AS key, count(e.id)::int AS n FROM "Payment" p
    LEFT JOIN "SubscriptionEvent" e ON e."paymentId" = p.id
    WHERE p.id = ANY($1) GROUP BY p.id HAVING count(e.id) <> 1`);
  const paidPeriods = await rows<{ key: string; n: number }>(`
    WITH periods AS (
      SELECT period->>'paymentId' AS payment_id
      FROM "Subscription" s, jsonb_array_elements(s."paidPeriods") AS period
    )
    SELECT p.id AS key, count(periods.payment_id)::int AS n FROM "Payment" p
    LEFT JOIN periods ON periods.payment_id = p.id
    WHERE p.id = ANY($1) GROUP BY p.id HAVING count(periods.payment_id) <> 1`);
  const applied = await rows<{ key: string; n: number }>(`
    SELECT p.id AS key, count(d.id)::int AS n FROM "Payment" p
    LEFT JOIN "WebhookDelivery" d ON d."paymentId" = p.id AND d.outcome = 'applied'
    WHERE p.id = ANY($1) GROUP BY p.id HAVING count(d.id) <> 1`);
  const outcomes = await rows<{ key: string; n: number }>(`
    SELECT outcome::text AS key, count(*)::int AS n FROM "WebhookDelivery"
    WHERE "paymentId" = ANY($1) GROUP BY 1`);
  const [twice] = await rows<{ n: number }>(`
    SELECT count(*)::int AS n FROM (
      SELECT "providerEventId" FROM "WebhookDelivery"
      WHERE "paymentId" = ANY($1) AND "providerEventId" IS NOT NULL
      GROUP BY provider, "providerEventId" HAVING count(*) > 1
    ) t`);

  return {
    payments: paymentIds.length,
    byStatus: counts(byStatus),
    completionsNotOne: counts(completions),
    subscriptionEventsNotOne: counts(subscriptionEvents),
    paidPeriodsNotOne: counts(paidPeriods),
    appliedDeliveriesNotOne: counts(applied),
    deliveriesByOutcome: counts(outcomes),
    eventIdsTwice: twice?.n ?? 0,
  };
}

/** Deliveries of these payments still waiting for a worker. */
export async function receivedCount(client: pg.Client, paymentIds: string[]): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "WebhookDelivery" WHERE "paymentId" = ANY($1) AND outcome = 'received'`,
    [paymentIds],
  );
  return rows[0]?.n ?? 0;
}

export async function completedCount(client: pg.Client, paymentIds: string[]): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Payment" WHERE id = ANY($1) AND status = 'completed'`,
    [paymentIds],
  );
  return rows[0]?.n ?? 0;
}
