/**
 * The architecture's boundaries are lint rules; these tests make sure the rules still bite, so a
 * config edit cannot silently let app code reach into the server or the server into the app.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { expect, test } from 'vitest';

// Only the import rules matter here; type information would need the probe files on disk.
const eslint = new ESLint({
  overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }],
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
