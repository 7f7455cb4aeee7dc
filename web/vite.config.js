import { defineConfig } from 'vite';

// No @vitejs/plugin-react: esbuild (inside Vite) compiles JSX with React's automatic runtime, which is all a
// production build needs; the plugin would only add Fast Refresh in `npm run dev` and a Babel toolchain.
export default defineConfig({
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      onwarn(warning, warn) {
        // react-router marks its modules "use client" for React Server Components; a browser bundle has no use
        // for the directive, and Rollup's note about dropping it is noise.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    // `npm run dev` against a running `asynq web`: ASYNQ_WEB_URL=http://127.0.0.1:8080 npm run dev
    proxy: { '/api': process.env.ASYNQ_WEB_URL || 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.js'],
  },
});
