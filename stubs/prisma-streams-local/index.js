// `prisma dev` is the only caller. This project runs its own PostgreSQL (`npm run dev`), so the
// real package, which needs Node 22, is replaced by this one (package.json "overrides").
export async function startLocalDurableStreamsServer() {
  throw new Error(
    "`prisma dev` is not available in this project: use `npm run dev`, which starts an embedded PostgreSQL.",
  );
}
