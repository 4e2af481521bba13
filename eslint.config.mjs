// ESLint flat config. Next 16 has no `next lint`; `npm run lint` runs `eslint --max-warnings=0 .`.
// eslint-config-next 16 ships flat-config arrays: `core-web-vitals` (Next, React, hooks,
// import, jsx-a11y rules) and `typescript` (typescript-eslint recommended).
// @eslint/js comes with eslint (same pinned version); declare it as a devDependency when
// package.json is next touched.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

export default defineConfig([
  // Core JavaScript correctness rules (no-control-regex, no-empty-pattern, no-fallthrough, …);
  // typescript-eslint's recommended set then switches off the ones TypeScript already checks.
  js.configs.recommended,
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // Unused code is an error, but `_`-prefixed names mark deliberate ignores.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-expect-error': 'allow-with-description' }],
      // sonner injects <style> at runtime; the nonce patch in components/theme only covers it when
      // sonner is loaded through components/ui/sonner.
      'no-restricted-imports': ['error', { paths: [{ name: 'sonner', message: "Import toast/Toaster from '@/components/ui/sonner'." }] }],
    },
  },
  {
    files: ['components/ui/sonner.tsx'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // CommonJS entry files (a worker thread's loader shim): Node's CommonJS globals.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __filename: 'readonly', __dirname: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Playwright fixtures receive a callback named `use`; it is not React's `use` hook.
    files: ['e2e/**/*.ts'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  globalIgnores([
    '.next/**',
    'node_modules/**',
    '.data/**',
    'db/migrations/**',
    'test-results/**',
    'playwright-report/**',
    'coverage/**',
    'next-env.d.ts',
  ]),
]);
