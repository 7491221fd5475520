// The bench's reference page: built with the project's own node_modules (same React, TanStack,
// React Router, Tailwind and Vite versions) and the app's build settings.
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), tailwindcss()],
  publicDir: false,
  logLevel: 'warn',
  // The bench builds with --outDir into a temporary folder (nothing generated in the repository).
  build: { emptyOutDir: true, sourcemap: false },
});
