import { Card } from "@/components/ui/card";

/** What a visitor sees for a bot link that is incomplete, damaged or forged (answered with 400). */
export function InvalidChatLink({ problem }: { problem: string }) {
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-semibold">This payment link is not valid</h1>
      <Card>
        <p className="text-slate-800" data-testid="link-problem">
          {problem}
        </p>
        <p className="mt-3 text-sm text-slate-600">
          Nothing was bought and nothing was charged. Ask the bot for a new link and open it as it is.
        </p>
      </Card>
    </div>
  );
}
