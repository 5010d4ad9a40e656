// ESLint (flat config): the recommended JavaScript and typescript-eslint rules, plus the rules of
// hooks for the two Preact apps. Formatting is prettier's job (npm run format:check).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'bench-data/', 'coverage/', 'tests/screenshots/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // `_`-prefixed names are deliberately unused (placeholders in destructuring and signatures).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // A variable read by a callback before its single assignment (a handle the callback needs) cannot be const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Chinese text uses the ideographic space (U+3000) on purpose; it is flagged only outside text.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipJSXText: true }],
      // The console's forms carry untyped JSON from the API; remaining `any`s are shown, to be paid down.
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    // The classic rules of hooks. The plugin's React Compiler rules (purity, refs, immutability...) are
    // left out: the apps run on Preact without that compiler, and its rules flag the ref-based idioms
    // (idle timers, generation counters) the kiosk relies on.
    files: ['src/kiosk/**/*.{ts,tsx}', 'src/console/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
);
