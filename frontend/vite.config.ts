import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { compression } from 'vite-plugin-compression2';
import { routePreloads } from './build/route-preloads';

/**
 * The shared contract package is side-effect free. Declaring it so lets the bundler drop the zod
 * schemas (and zod itself) from chunks that only use enums, scales, the state machine and the
 * calendar helpers; the login route stays small.
 */
const SHARED_DIST = /[\\/]shared[\\/]dist[\\/]/u;

export default defineConfig({
  // Every text asset also as .br and .gz next to it; the API serves them to browsers that accept them.
  plugins: [
    vue(),
    routePreloads(new URL('./src/router/index.ts', import.meta.url).pathname, new URL('./src', import.meta.url).pathname),
    compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(?:js|css|html|svg|txt|json)$/u, threshold: 512, skipIfLargerOrEqual: true, logLevel: 'silent' }),
  ],
  resolve: {
    alias: { '@': new URL('./src', import.meta.url).pathname },
  },
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'false',
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  preview: { port: 4173 },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // No inline scripts or data: modules anywhere (CSP script-src 'self').
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      treeshake: {
        moduleSideEffects: (id: string) => !SHARED_DIST.test(id),
      },
    },
  },
});
