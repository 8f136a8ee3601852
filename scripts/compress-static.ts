// `npm run build`'s last step: a Brotli copy of each script and stylesheet Next built, which the
// production server sends to browsers that take Brotli (lib/http/precompressed-static.ts).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeBrotliCopies } from "../lib/http/precompressed-static";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const totals = await writeBrotliCopies(path.join(ROOT, ".next", "static"));
const kb = (bytes: number) => (bytes / 1024).toFixed(0);
console.log(
  `Brotli copies of ${totals.files} build files: ${kb(totals.bytes)} KB → ${kb(totals.brotli)} KB (.next/static/**/*.br)`,
);
