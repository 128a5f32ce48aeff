import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { signboardToken } from "./signboard/signboard-token.js";
import { TEST_SECRET } from "../../../test/helpers/secret.js";

/** A multipart/form-data body for inject(): text fields and files. */
export function multipart(fields: Record<string, string>, files: { name: string; filename: string; type: string; bytes: Uint8Array }[] = []) {
  const boundary = `----zx${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`));
    parts.push(Buffer.from(f.bytes), Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

export interface TestGrid {
  id: string;
  code: string;
  path: string;
  villagePath: string;
  version: number;
  token: string;
}

/** A demo grid by code, with its current signboard token. */
export async function gridByCode(db: Db, code: string): Promise<TestGrid> {
  const [g] = await queryRows<{ id: string; code: string; path: string; village_path: string; signboard_version: number }>(
    db,
    sql`SELECT g.org_unit_id AS id, g.code, u.path, v.path AS village_path, g.signboard_version FROM grids g
        JOIN org_units u ON u.id = g.org_unit_id JOIN org_units v ON v.id = g.village_id WHERE g.code = ${code}`,
  );
  if (!g) throw new Error(`grid ${code} missing`);
  return { id: g.id, code: g.code, path: g.path, villagePath: g.village_path, version: g.signboard_version, token: signboardToken(TEST_SECRET, g.code, g.signboard_version) };
}

export async function categoryId(db: Db, code: string): Promise<string> {
  const [c] = await queryRows<{ id: string }>(db, sql`SELECT id FROM appeal_categories WHERE code = ${code}`);
  if (!c) throw new Error(`category ${code} missing`);
  return c.id;
}

let seq = 0;
/** A unique idempotency key per call. */
export function key(): string {
  seq++;
  return `test-${process.pid}-${Date.now()}-${seq}`;
}
