import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import pluginQuery from '@tanstack/eslint-plugin-query';
import playwright from 'eslint-plugin-playwright';
import reactHooks from 'eslint-plugin-react-hooks';
import testingLibrary from 'eslint-plugin-testing-library';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Relative paths that climb out of a folder would dodge the `#src`/`#server` rules below. */
const CLIMBING_IMPORT = {
  regex: String.raw`^(\.\./)+(src|server)(/|$)`,
  message: 'Import through #src/* or #server/*.',
};

const APP_CODE = ['src/**/*.{ts,tsx}'];
const TEST_CODE = ['src/**/*.test.{ts,tsx}', 'src/testing/**'];

const SRC_PATTERNS = [
  { regex: '^#server/', message: 'App code must not import server code.' },
  // Test helpers answer like the demo upstream: through them app code would reach it too.
  { regex: '^#src/testing/', message: 'App code must not import test helpers.' },
  // Any climbing relative path, not only to src/ or server/: it would dodge the boundaries below.
  { regex: String.raw`^(\./)*\.\./`, message: 'Import through #src/* or #server/*.' },
];

const TEST_PATTERNS = [
  {
    regex: String.raw`^#server/(?!demo-upstream/session-list\.ts$)`,
    message: 'Tests in src/ may use only the demo upstream’s list functions from server/.',
  },
  CLIMBING_IMPORT,
];

/** Each folder of src/features/ is a feature; others use it only through its index.ts. */
const FEATURES = readdirSync(new URL('src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

function frontDoor(except = '') {
  return {
    regex: String.raw`^#src/features/${except && `(?!${except}/)`}[^/]+/(?!index\.ts$)`,
    message: 'Use another feature only through its public module, src/features/<name>/index.ts.',
  };
}

const NO_APP = {
  regex: '^#src/app/',
  message:
    'Features do not import src/app/: what they share belongs in src/lib/ or src/components/.',
};

const NO_FEATURES = {
  regex: '^#src/(features|app)/',
  message: 'src/api/, src/components/ and src/lib/ serve features and the app, and import neither.',
};

const CONTRACT_ONLY = {
  regex: '^#src/(?!api/contract/)',
  message: 'The contract imports only the contract: the server loads it too.',
};

const LAZY_ONLY = {
  selector:
    'ImportExpression:not(CallExpression[callee.name=/^lazy(Module|Component)$/] ImportExpression)',
  message: 'Split code off with lazyModule or lazyComponent (src/lib/lazy-module.tsx).',
};

/**
 * no-restricted-imports does not see import(): this applies the same patterns to it.
 * @type {import('eslint').ESLint.Plugin}
 */
const boundaries = {
  rules: {
    'dynamic-imports': {
      meta: { type: 'problem', schema: [{ type: 'array' }] },
      create(context) {
        const patterns = /** @type {{ regex: string; message: string }[]} */ (
          context.options[0] ?? []
        );
        return {
          /** @param {import('estree').ImportExpression} node */
          ImportExpression(node) {
            const source = node.source.type === 'Literal' ? node.source.value : null;
            if (typeof source !== 'string') return;
            const hit = patterns.find(({ regex }) => new RegExp(regex).test(source));
            if (hit) context.report({ node, message: hit.message });
          },
        };
      },
    },
  },
};

/**
 * @param {string[]} files
 * @param {string[]} ignores
 * @param {{ regex: string; message: string }[]} patterns
 * @returns {import('eslint').Linter.Config}
 */
function restrictImports(files, ignores, patterns) {
  return {
    files,
    ignores,
    rules: {
      'no-restricted-imports': ['error', { patterns }],
      'boundaries/dynamic-imports': ['error', patterns],
    },
  };
}

export default defineConfig(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'test-logs'] },
  { plugins: { boundaries } },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  ...pluginQuery.configs['flat/recommended'],
  { files: ['src/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  { files: ['src/**/*.{ts,tsx}'], languageOptions: { globals: globals.browser } },
  {
    files: ['server/**/*.ts', 'e2e/**/*.ts', 'scripts/**/*.js', '*.config.{ts,js}'],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // `onClick={() => setOpen(true)}` is how React handlers read; a void shorthand there is fine.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Hono's chained route builders return the app from a method, which this rule misreads.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // Numbers and booleans read fine in messages; objects and nullish values do not.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
    },
  },
  {
    // Production code parses untrusted values instead of asserting their type (`as const` stays).
    files: ['src/**/*.{ts,tsx}', 'server/**/*.ts'],
    ignores: ['**/*.test.{ts,tsx}', 'src/testing/**', 'server/testing/**'],
    rules: {
      '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }],
    },
  },
  // Boundaries: the browser app never reaches into the server, and the server takes from src/
  // only the shared contract. In src/, imports go one way: app -> features -> components, lib.
  restrictImports(APP_CODE, TEST_CODE, [...SRC_PATTERNS, frontDoor()]),
  restrictImports(['src/api/**', 'src/components/**', 'src/lib/**'], TEST_CODE, [
    ...SRC_PATTERNS,
    NO_FEATURES,
  ]),
  restrictImports(['src/api/contract/**'], TEST_CODE, [...SRC_PATTERNS, CONTRACT_ONLY]),
  ...FEATURES.map((feature) =>
    restrictImports([`src/features/${feature}/**`], TEST_CODE, [
      ...SRC_PATTERNS,
      frontDoor(feature),
      NO_APP,
    ]),
  ),
  // Component tests may answer like the demo upstream, with its own list functions, and reach
  // into their own feature.
  restrictImports(TEST_CODE, [], [...TEST_PATTERNS, frontDoor()]),
  ...FEATURES.map((feature) =>
    restrictImports(
      [`src/features/${feature}/**/*.test.{ts,tsx}`],
      [],
      [...TEST_PATTERNS, frontDoor(feature)],
    ),
  ),
  {
    // One way to split code: every import() is a lazy-module declaration, which loadAll knows.
    files: APP_CODE,
    ignores: TEST_CODE,
    rules: {
      'no-restricted-syntax': ['error', LAZY_ONLY],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^#src/(?!api/contract/)',
              message:
                'The server may import from src/ only the shared contract (src/api/contract/).',
            },
            CLIMBING_IMPORT,
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.test.tsx'],
    ...testingLibrary.configs['flat/react'],
  },
  {
    files: ['e2e/**/*.ts'],
    ...playwright.configs['flat/recommended'],
  },
);
