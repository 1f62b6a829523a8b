import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The browser demo: `npm run web` serves web/, `npm run web:build` writes dist-web/ (index.html: the 1-D row; eye.html: the 2-D eye). */
const page = (name: string) => fileURLToPath(new URL(`./web/${name}`, import.meta.url));

export default defineConfig({
  root: 'web',
  base: './',
  build: { outDir: '../dist-web', emptyOutDir: true, chunkSizeWarningLimit: 4000, rollupOptions: { input: { main: page('index.html'), eye: page('eye.html') } } },
  server: { fs: { allow: ['..'] } },
});
