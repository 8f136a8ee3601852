# syntax=docker/dockerfile:1
#
# One image for every process of docker-compose.yml: the app server, the job workers and the
# migrations step run the same code with different commands (docs/operations.md, "Containers").
#
#   docker build -t billing-dashboard .
#   # One container doing everything `npm start` does (migrations, seed, server with its workers);
#   # DATABASE_URL must point at a PostgreSQL server (the embedded one is for the demo, not images):
#   docker run --rm --env-file .env -p 3000:3000 billing-dashboard node --import tsx scripts/serve.ts start
#
# Not Next.js's `output: "standalone"`: the app runs inside its own HTTP server
# (scripts/next-server.ts, under tsx) because only there can it learn the client's address, and the
# same image runs the workers and the WebAssembly migrations, which are TypeScript run by tsx and
# are not in the files Next traces into .next/standalone. What standalone would give (no dev
# dependencies, no build caches, no sources the server never reads) comes from `npm prune
# --omit=dev` and the explicit list of copies in the last stage.

ARG NODE_VERSION=22

# ---- 0. Node 22 LTS with npm 11, which the lockfile and package.json's allowScripts are written
# for (Node 22 brings npm 10; README.md, "Fresh machines") ----
FROM node:${NODE_VERSION}-bookworm-slim AS base
RUN npm install -g npm@11 --no-audit --no-fund && npm cache clean --force
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1

# ---- 1. Dependencies, from the lockfile alone (cached until package*.json change) ----
FROM base AS deps
COPY package.json package-lock.json ./
# What `npm ci` reads besides the manifests: the local stand-in the lockfile links
# (README.md, "Fresh machines"), and what the postinstall `prisma generate` needs.
COPY stubs ./stubs
COPY prisma.config.ts ./
COPY prisma/schema.prisma ./prisma/schema.prisma
COPY scripts/schema-engine-stub.sh ./scripts/schema-engine-stub.sh
RUN npm ci --no-audit --no-fund

# ---- 2. Build, then drop what only the build needed ----
FROM deps AS build
COPY . .
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund \
  && rm -rf .next/cache

# ---- 3. Runtime: non-root, only what the server, the workers and the migrations read ----
FROM base AS runtime
ENV NODE_ENV=production \
  PORT=3000
# The code belongs to root and is read-only for the app; only .next (Next's runtime cache) is the
# app's to write.
COPY --from=build /app/package.json /app/tsconfig.json /app/next.config.ts ./
COPY --from=build /app/node_modules ./node_modules
# app/: the route table for the HTTP metrics is read from its file tree (lib/metrics/routes.ts).
COPY --from=build /app/app ./app
COPY --from=build /app/lib ./lib
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/messages ./messages
COPY --from=build /app/i18n ./i18n
COPY --from=build /app/public ./public
# `npm start` (scripts/serve.ts) imports the emulators, though it starts them only without DATABASE_URL.
COPY --from=build /app/sandbox ./sandbox
COPY --from=build --chown=node:node /app/.next ./.next
# tsx keeps its compile cache under the temporary directory; the official image's `node` user
# (uid 1000) runs everything.
USER node
EXPOSE 3000
# Liveness: the database answers and every migration is applied (GET /api/health). Slim images
# have no curl: Node's own fetch. The worker and migrate services of docker-compose.yml, which
# serve no HTTP, turn it off.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The app server alone: migrations and the seed are the migrate service's job (docker-compose.yml),
# so that two instances never race to apply them. The same command as the scale-out test
# (tests/faults/harness.ts) and docker-compose.yml.
CMD ["node", "--import", "tsx", "scripts/next-server.ts", "start"]
