import type { VersionedState, VersionedStateStorage } from "@grammyjs/conversations";
import { db } from "@/lib/db";

// Where the bot keeps a chat's conversation between updates (e.g. "waiting for a top-up
// amount"): the BotSession table, so the next update finds it whichever bot process or app
// instance receives it, and a restart loses nothing. grammY's conversations plugin reads the
// state when an update arrives, and writes or deletes it when the update is handled.
// Two updates of one chat handled at the same moment on two instances would race (the later write
// wins): long polling hands one chat's updates over in order, and a person types slower than
// that; a webhook with many connections is where it could matter.

export function botSessionStorage<S>(): VersionedStateStorage<string, S> {
  return {
    async read(key) {
      const row = await db.botSession.findUnique({ where: { key }, select: { value: true } });
      return row ? (JSON.parse(row.value) as VersionedState<S>) : undefined;
    },
    async write(key, state) {
      const value = JSON.stringify(state);
      await db.botSession.upsert({ where: { key }, create: { key, value }, update: { value } });
    },
    async delete(key) {
      await db.botSession.deleteMany({ where: { key } });
    },
  };
}
