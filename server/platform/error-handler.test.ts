import { describe, expect, it } from "vitest";
import Fastify from "fastify";
import { Writable } from "node:stream";
import { AppError } from "./errors.js";
import { installErrorHandler } from "./error-handler.js";

/** A fastify app whose log lines land in `lines`, with routes that refuse in different ways. */
async function appWithLog(): Promise<{ lines: Record<string, unknown>[]; inject: (url: string) => Promise<{ statusCode: number; body: string }> }> {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
      done();
    },
  });
  const app = Fastify({ logger: { level: "info", stream } });
  installErrorHandler(app);
  app.get("/with-cause", () => {
    throw new AppError("VALIDATION", { message: { key: "import.unreadable" }, cause: new TypeError("Cannot read properties of undefined (reading 'sheets')") });
  });
  app.get("/plain", () => {
    throw new AppError("VALIDATION", { message: { key: "import.unreadable" } });
  });
  await app.ready();
  return { lines, inject: async (url) => app.inject({ method: "GET", url }) };
}

describe("installErrorHandler", () => {
  it("logs the underlying error of a refusal for the operator and keeps it out of the response", async () => {
    const { lines, inject } = await appWithLog();
    const res = await inject("/with-cause");
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain("sheets");
    const refused = lines.filter((l) => l.msg === "request refused");
    expect(refused).toHaveLength(1);
    expect(refused[0]!.level).toBe(40); // warn: the user's file, not our crash
    expect(JSON.stringify(refused[0]!.err)).toContain("reading 'sheets'");
    expect(refused[0]!.message).toBe("import.unreadable");
  });

  it("logs nothing extra for an ordinary refusal", async () => {
    const { lines, inject } = await appWithLog();
    expect((await inject("/plain")).statusCode).toBe(400);
    expect(lines.filter((l) => l.msg === "request refused")).toHaveLength(0);
  });
});
