import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { resolve } from "node:path";

// The admin app lives in web/ and is built into dist/web, which the server serves.
export default defineConfig({
  root: resolve(import.meta.dirname, "web"),
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, "dist", "web"),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    port: 5173,
    proxy: { "/api": "http://127.0.0.1:3000", "/r": "http://127.0.0.1:3000", "/open311": "http://127.0.0.1:3000" },
  },
});
