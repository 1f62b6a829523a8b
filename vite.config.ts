import { defineConfig } from 'vite';

/** The browser demo: `npm run web` serves web/, `npm run web:build` writes dist-web/. */
export default defineConfig({
  root: 'web',
  base: './',
  build: { outDir: '../dist-web', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  server: { fs: { allow: ['..'] } },
});
