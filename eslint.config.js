// Lint: type-aware TypeScript rules, React hooks, and the layer fences of docs/ARCHITECTURE.md.
// The fences are import restrictions per folder; test/integration/layer-fences.test.ts proves they bite.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const electronModules = ['electron', 'electron-store', 'electron-log', 'electron-updater'];

/** An import restriction: names banned outright, and path patterns (regex over the import string). */
function fence({ names = [], regexes = [], message }) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: names.map((name) => ({ name, message })),
        patterns: [
          ...names.map((name) => ({ group: [`${name}/*`], message })),
          ...regexes.map((regex) => ({ regex, message })),
        ],
      },
    ],
  };
}

// A relative import that climbs out of its folder into another layer, e.g. `../../app/tray.js`.
const into = (...folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', '.cache/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
      'no-console': 'error',
      // Handlers implement promise-returning contracts; an async body without await is fine there.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Named exports only, except where a tool loads a default export.
    files: ['**/*.{ts,tsx}'],
    ignores: ['*.config.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { ...globals.node } },
  },
  {
    files: ['shared/**/*.ts'],
    rules: fence({
      names: [...nodeBuiltins, ...electronModules, 'react', 'react-dom'],
      regexes: [into('electron', 'renderer'), '^(\\.\\./)+(core|proxy|cli|server|app|preload)(/|$)'],
      message:
        'shared/ is platform-free: no Node, DOM-only, Electron or app imports (see docs/ARCHITECTURE.md).',
    }),
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: fence({
      names: electronModules,
      regexes: [into('app', 'preload', 'cli', 'server', 'proxy', 'renderer')],
      message: 'electron/core is the headless domain: it never imports Electron or the layers above it.',
    }),
  },
  {
    files: ['electron/proxy/**/*.ts'],
    rules: fence({
      names: electronModules,
      regexes: [into('app', 'preload', 'cli', 'server', 'renderer')],
      message: 'electron/proxy runs under plain Node: no Electron, no app/CLI/server imports.',
    }),
  },
  {
    files: ['electron/server/**/*.ts'],
    rules: fence({
      names: electronModules,
      regexes: [into('app', 'preload', 'cli', 'renderer')],
      message: 'electron/server is the headless web adapter: no Electron, no app/CLI imports.',
    }),
  },
  {
    files: ['electron/cli/**/*.ts'],
    rules: fence({
      names: electronModules,
      regexes: [into('app', 'preload', 'renderer')],
      message: 'electron/cli runs under plain Node: no Electron or app imports.',
    }),
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: fence({
      names: nodeBuiltins,
      regexes: [into('core', 'proxy', 'cli', 'server', 'app', 'renderer')],
      message: 'The preload exposes the contract only: it imports electron and shared/, nothing else.',
    }),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...fence({
        names: [...nodeBuiltins, ...electronModules],
        regexes: [into('electron')],
        message: 'The renderer imports only shared/ (and browser libraries): no Node, no Electron.',
      }),
    },
  },
  {
    files: ['test/**', 'scripts/**', '*.config.{ts,js}'],
    rules: {
      'no-console': 'off',
      'max-lines': 'off',
      // Vitest's asymmetric matchers (expect.any, objectContaining) are typed `any` by design.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
);
