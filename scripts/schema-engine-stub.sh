#!/bin/sh
# Prisma's native schema engine cannot be downloaded on every machine; this project drives the
# same engine compiled to WebAssembly instead (scripts/prisma-migrate.ts). The stub keeps the CLI
# from downloading and fails loudly if anything still asks for the native engine.
echo "The native Prisma schema engine is not used here: run 'npm run db:migrate' (WebAssembly engine)." >&2
exit 1
