import type { ComponentProps } from 'react';
import type { ExportButton } from '#src/features/export/export-button.tsx';
import { lazyComponent } from '#src/lib/lazy-module.tsx';

const exportButton = lazyComponent(() =>
  import('#src/features/export/export-button.tsx').then((module) => module.ExportButton),
);

export function ExportCsv(props: ComponentProps<typeof ExportButton>) {
  return <exportButton.Deferred {...props} />;
}
