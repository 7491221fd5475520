/**
 * The architecture's boundaries are lint rules; these tests make sure the rules still bite, so a
 * config edit cannot silently let app code reach into the server or the server into the app.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { expect, test } from 'vitest';

// Only the import rules matter here; type information would need the probe files on disk. With
// CI=true typescript-eslint infers a single run and types a path linted twice: keep it from that.
const eslint = new ESLint({
  overrideConfig: [
    { files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked },
    {
      files: ['**/*.ts'],
      languageOptions: { parserOptions: { disallowAutomaticSingleRunInference: true } },
    },
  ],
});

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

test('app code in src/ cannot import server code, by alias, by relative path or through test helpers', async () => {
  expect(
    await restrictedImports('src/lib/probe.ts', "export { createApp } from '#server/app.ts';"),
  ).toHaveLength(1);
  expect(
    await restrictedImports('src/lib/probe.ts', "export { createApp } from '../../server/app.ts';"),
  ).toHaveLength(1);
  expect(
    await restrictedImports(
      'src/features/probe.ts',
      "export { sessionsApi } from '#src/testing/session-fixtures.ts';",
    ),
  ).toHaveLength(1);
});

test('the server takes from src/ only the shared contract', async () => {
  expect(
    await restrictedImports('server/probe.ts', "export { sessionsPath } from '#src/lib/paths.ts';"),
  ).toHaveLength(1);
  expect(
    await restrictedImports(
      'server/probe.ts',
      "export { isSid } from '#src/api/contract/sids.ts';",
    ),
  ).toEqual([]);
});

test('component tests may use the demo upstream’s list functions and nothing else of the server', async () => {
  expect(
    await restrictedImports(
      'src/testing/probe.ts',
      "export { selectSessionPage } from '#server/demo-upstream/session-list.ts';",
    ),
  ).toEqual([]);
  expect(
    await restrictedImports(
      'src/testing/probe.ts',
      "export { demoLinks } from '#server/demo-upstream/data.ts';",
    ),
  ).toHaveLength(1);
});

test('a feature uses another feature only through its public module, and its own files freely', async () => {
  expect(
    await restrictedImports(
      'src/features/session-detail/probe.ts',
      "export { StatusChip } from '#src/features/sessions/status/status-chip.tsx';",
    ),
  ).toHaveLength(1);
  expect(
    await restrictedImports(
      'src/features/session-detail/probe.ts',
      "export { StatusChip } from '#src/features/sessions/index.ts';",
    ),
  ).toEqual([]);
  expect(
    await restrictedImports(
      'src/features/sessions/table/probe.ts',
      "export { StatusChip } from '#src/features/sessions/status/status-chip.tsx';",
    ),
  ).toEqual([]);
  // A climbing relative path would dodge the rule.
  expect(
    await restrictedImports(
      'src/features/session-detail/probe.ts',
      "export { StatusChip } from '../sessions/status/status-chip.tsx';",
    ),
  ).toHaveLength(1);
});

test('outside the features, the app too uses a feature only through its public module', async () => {
  expect(
    await restrictedImports(
      'src/app/probe.ts',
      "export { planListPage } from '#src/features/sessions/data/list-page-plan.ts';",
    ),
  ).toHaveLength(1);
  expect(
    await restrictedImports(
      'src/app/probe.ts',
      "export { planListPage } from '#src/features/sessions/index.ts';",
    ),
  ).toEqual([]);
});

test('features do not import src/app/', async () => {
  expect(
    await restrictedImports(
      'src/features/lookup/probe.ts',
      "export { createQueryClient } from '#src/app/providers.tsx';",
    ),
  ).toHaveLength(1);
  expect(
    await restrictedImports(
      'src/features/lookup/probe.ts',
      "export { sessionsPath } from '#src/lib/paths.ts';",
    ),
  ).toEqual([]);
});

test('src/components/ and src/lib/ import no feature, not even its public module, nor src/app/', async () => {
  expect(
    await restrictedImports(
      'src/components/probe.ts',
      "export { StatusChip } from '#src/features/sessions/index.ts';",
    ),
  ).toHaveLength(1);
  expect(
    await restrictedImports('src/lib/probe.ts', "export { AppRoutes } from '#src/app/router.tsx';"),
  ).toHaveLength(1);
  expect(
    await restrictedImports(
      'src/components/probe.ts',
      "export { useDisplayZone } from '#src/lib/time-zone/display-zone.tsx';",
    ),
  ).toEqual([]);
});

test('a feature’s tests may use its own files, and other features only through their public modules', async () => {
  expect(
    await restrictedImports(
      'src/features/sessions/probe.test.ts',
      "export { rowStatesOf } from '#src/features/sessions/live/row-marks.ts';",
    ),
  ).toEqual([]);
  expect(
    await restrictedImports(
      'src/features/export/probe.test.ts',
      "export { rowStatesOf } from '#src/features/sessions/live/row-marks.ts';",
    ),
  ).toHaveLength(1);
});

async function restrictedSyntax(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-syntax')
    .map((message) => message.message);
}

test('code is split off only through a lazy-module declaration, so loadAll knows every chunk', async () => {
  expect(
    await restrictedSyntax(
      'src/features/sessions/probe.ts',
      "export const load = () => import('#src/features/sessions/live/aging.ts');",
    ),
  ).toHaveLength(1);
  expect(
    await restrictedSyntax(
      'src/features/sessions/probe.ts',
      "import { lazyModule } from '#src/lib/lazy-module.tsx';\n" +
        "export const aging = lazyModule(() => import('#src/features/sessions/live/aging.ts'));",
    ),
  ).toEqual([]);
});

async function restrictedDynamicImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'boundaries/dynamic-imports')
    .map((message) => message.message);
}

test('a split-off import() meets the same boundaries as a static import', async () => {
  const lazy = (path: string) =>
    "import { lazyModule } from '#src/lib/lazy-module.tsx';\n" +
    `export const chunk = lazyModule(() => import('${path}'));`;
  expect(
    await restrictedDynamicImports(
      'src/lib/probe.ts',
      lazy('#src/features/sessions/table/columns.tsx'),
    ),
  ).toHaveLength(1);
  expect(
    await restrictedDynamicImports(
      'src/features/export/probe.ts',
      lazy('#src/features/sessions/live/aging.ts'),
    ),
  ).toHaveLength(1);
  expect(
    await restrictedDynamicImports(
      'src/features/sessions/probe.ts',
      lazy('#src/features/sessions/live/aging.ts'),
    ),
  ).toEqual([]);
});

test('a relative path that climbs, even behind ./, is refused', async () => {
  expect(
    await restrictedImports(
      'src/features/export/probe.ts',
      "export { columns } from './../sessions/table/columns.tsx';",
    ),
  ).toHaveLength(1);
});

test('src/api/ imports no feature nor src/app/, and the contract only the contract', async () => {
  expect(
    await restrictedImports(
      'src/api/probe.ts',
      "export { SessionsPage } from '#src/features/sessions/index.ts';",
    ),
  ).toHaveLength(1);
  expect(
    await restrictedImports(
      'src/api/contract/probe.ts',
      "export { sessionsPath } from '#src/lib/paths.ts';",
    ),
  ).toHaveLength(1);
  expect(
    await restrictedImports(
      'src/api/contract/probe.ts',
      "export { isSid } from '#src/api/contract/sids.ts';",
    ),
  ).toEqual([]);
});
