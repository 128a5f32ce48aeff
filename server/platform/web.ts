import type { FastifyInstance } from "fastify";
import fastifyStatic from "@fastify/static";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const WEB_DIST = join(import.meta.dirname, "..", "..", "dist", "web");

/** Marks every route registered inside `scope` as public (static files, API docs). */
export function markRoutesPublic(scope: FastifyInstance): void {
  scope.addHook("onRoute", (route) => {
    route.config = { ...(route.config ?? {}), access: { public: true } };
  });
}

/** Serves the built admin app; unknown non-API paths get index.html (client-side routing). */
export async function registerWeb(app: FastifyInstance): Promise<void> {
  if (!existsSync(join(WEB_DIST, "index.html"))) {
    app.log.warn(`admin UI not built (${WEB_DIST}); run npm run build`);
    return;
  }
  await app.register(async (scope) => {
    markRoutesPublic(scope);
    await scope.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: "/",
      wildcard: false,
      index: ["index.html"],
      setHeaders(res, path) {
        // Vite fingerprints assets/*, so they can be cached forever; index.html never.
        res.header("cache-control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
      },
    });
    scope.get("/*", (req, reply) => {
      if (req.url.startsWith("/api/") || req.url.startsWith("/open311/")) return reply.callNotFound();
      return reply.header("cache-control", "no-cache").sendFile("index.html");
    });
  });
}
