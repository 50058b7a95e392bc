import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The page is served by the app itself (tauri://localhost), never by a server: no dev server, no CDN.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK 2.4x on Linux, WebKit on macOS, Edge WebView2 on Windows.
    target: ['safari15', 'chrome105'],
    // Every asset stays a file under 'self'; the CSP has no data: in script-src or font-src.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
