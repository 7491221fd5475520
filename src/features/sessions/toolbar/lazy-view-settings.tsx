import type { ComponentProps } from 'react';
import type { ViewSettings } from '#src/features/sessions/toolbar/view-settings.tsx';
import { lazyComponent } from '#src/lib/lazy-module.tsx';

const viewSettings = lazyComponent(() =>
  import('#src/features/sessions/toolbar/view-settings.tsx').then((module) => module.ViewSettings),
);

/** Not needed to read the rows: until its code is here the server's HTML of it stays. */
export function ViewSettingsSlot(props: ComponentProps<typeof ViewSettings>) {
  return <viewSettings.Deferred {...props} />;
}
