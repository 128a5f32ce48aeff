// ESLint flat config: TypeScript rules plus the import boundaries of docs/ARCHITECTURE.md.
import tseslint from "typescript-eslint";

const nodeBuiltins = ["node:*", "fs", "path", "crypto", "os", "child_process", "http", "https", "zlib", "url", "stream"];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "data/**", "coverage/**", "**/*.d.ts", "bench/out/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
    },
  },
  {
    // common/ is isomorphic: it imports neither server/ nor web/ nor Node's built-ins.
    files: ["common/**/*.ts"],
    ignores: ["common/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/server/**", "**/web/**"], message: "common/ must not import server/ or web/" },
            { group: nodeBuiltins, message: "common/ runs in the browser too: no Node built-ins" },
            { group: ["fastify", "drizzle-orm", "drizzle-orm/*", "pg", "@electric-sql/*"], message: "common/ holds no server libraries" },
          ],
        },
      ],
    },
  },
  {
    // The web app talks to the server over HTTP only.
    files: ["web/**/*.ts", "web/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/server/**"], message: "web/ must not import server/: use the contract in common/" },
            { group: nodeBuiltins, message: "web/ runs in the browser" },
          ],
        },
      ],
    },
  },
  {
    // The scoring engine is pure: no I/O, no database, no server platform.
    files: ["server/modules/rating/engine/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: nodeBuiltins, message: "the engine is pure: no I/O" },
            { group: ["**/db/**", "**/platform/**", "drizzle-orm", "drizzle-orm/*", "fastify"], message: "the engine is pure: facts come in as arguments" },
          ],
        },
      ],
    },
  },
);
