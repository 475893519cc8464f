/**
 * drizzle-kit configuration: `deno task db:generate` turns acs/db/schema/ into SQL migrations
 * under acs/db/migrations/, then embeds them in acs/db/migrations.gen.ts.
 *
 * @module
 */

import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./acs/db/schema/mod.ts",
  out: "./acs/db/migrations",
  strict: true,
  verbose: true,
});
