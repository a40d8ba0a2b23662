// Lint: type-aware TypeScript rules, React hooks, and the layer fences of docs/ARCHITECTURE.md.
// The fences are import restrictions per folder; test/integration/foundation/layer-fences.test.ts proves they bite.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layerFencesPlugin } from './eslint-rules/layer-fences.js';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const electronModules = ['electron', 'electron-store', 'electron-log', 'electron-updater'];

/** Bare module names a folder may not import (with their subpaths). */
function fence({ names = [], message }) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: names.map((name) => ({ name, message })),
        patterns: names.map((name) => ({ group: [`${name}/*`], message })),
      },
    ],
  };
}

/**
 * Which layer may import which, checked on the resolved path of every relative import
 * (eslint-rules/layer-fences.js). Bare module names (electron, node:*) are fenced per folder below.
 */
const layers = [
  { folder: 'shared', may: [], message: 'shared/ imports only shared/ (and zod)' },
  { folder: 'electron/core', may: ['shared'], message: 'electron/core imports only shared/ and itself' },
  {
    folder: 'electron/proxy',
    may: ['shared', 'electron/core'],
    // The proxy's cold start parses every module it imports: it gets these three core modules, no more.
    only: {
      'electron/core': ['electron/core/control-socket-path', 'electron/core/logger', 'electron/core/redact'],
    },
    message: 'electron/proxy imports shared/ and only core/control-socket-path, core/logger, core/redact',
  },
  {
    folder: 'electron/server',
    may: ['shared', 'electron/core'],
    message: 'electron/server imports shared/ and core only',
  },
  {
    folder: 'electron/cli',
    may: ['shared', 'electron/core', 'electron/proxy', 'electron/server'],
    message: 'electron/cli may not import the Electron app, the preload or the renderer',
  },
  {
    folder: 'electron/app',
    may: ['shared', 'electron/core', 'electron/proxy', 'electron/server', 'electron/cli'],
    message: 'electron/app may not import the preload or the renderer',
  },
  { folder: 'electron/preload', may: ['shared'], message: 'the preload imports only shared/' },
  { folder: 'renderer', may: ['shared'], message: 'the renderer imports only shared/' },
];

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
    files: ['shared/**/*.ts', 'electron/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { tether: layerFencesPlugin },
    rules: { 'tether/layer-fences': ['error', { root: import.meta.dirname, layers }] },
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
      message:
        'shared/ is platform-free: no Node, DOM-only, Electron or app imports (see docs/ARCHITECTURE.md).',
    }),
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: fence({
      names: electronModules,
      message: 'electron/core is the headless domain: it never imports Electron or the layers above it.',
    }),
  },
  {
    files: ['electron/proxy/**/*.ts'],
    rules: fence({
      names: electronModules,
      message: 'electron/proxy runs under plain Node: no Electron, no app/CLI/server imports.',
    }),
  },
  {
    files: ['electron/server/**/*.ts'],
    rules: fence({
      names: electronModules,
      message: 'electron/server is the headless web adapter: no Electron, no app/CLI imports.',
    }),
  },
  {
    files: ['electron/cli/**/*.ts'],
    rules: fence({
      names: electronModules,
      message: 'electron/cli runs under plain Node: no Electron or app imports.',
    }),
  },
  {
    // Raw IPC lives in two files: the typed handle/emit wrappers and the preload's allow-listed bridge.
    // The other layers of electron/ may not import electron at all (their fences below).
    files: ['electron/app/**/*.ts'],
    ignores: ['electron/app/ipc.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Raw IPC only in electron/app/ipc.ts (typed handlers from the contract).',
            },
          ],
        },
      ],
    },
  },
  {
    // webContents.send needs no import (a window can be handed in), so it is refused by shape.
    files: ['electron/**/*.ts'],
    ignores: ['electron/app/ipc.ts', 'electron/preload/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        {
          selector: "MemberExpression[property.name='send'][object.property.name='webContents']",
          message:
            'Send events through electron/app/ipc.ts (it skips destroyed windows, contract events only).',
        },
        {
          selector: "MemberExpression[property.name='send'][object.name='webContents']",
          message:
            'Send events through electron/app/ipc.ts (it skips destroyed windows, contract events only).',
        },
      ],
    },
  },
  {
    // The desktop models are pure: the tray, notifications and window rules are unit-tested without Electron.
    files: ['electron/app/model/**/*.ts'],
    rules: fence({
      names: electronModules,
      message: 'electron/app/model is pure (tested without Electron): render in electron/app/*.ts instead.',
    }),
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: fence({
      names: nodeBuiltins,
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
