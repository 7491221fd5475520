import { createContext, startTransition, use, useEffect, useState, type ReactNode } from 'react';

/** True by default: a tree the browser renders afresh never had server HTML to match. */
const HydratedContext = createContext(true);

/** False on the server and while hydrating. See docs/decisions/hydration-matches-server-html.md. */
export function useHydrated(): boolean {
  return use(HydratedContext);
}

/** Wraps the server's render: what depends on the viewer renders its fixed form. */
export function ServerRendered({ children }: { children: ReactNode }) {
  return <HydratedContext value={false}>{children}</HydratedContext>;
}

/**
 * Wraps the tree that hydrates the server's HTML: the fixed form first, then the viewer's, in a
 * transition once hydrated, so that re-render yields to the browser instead of one long task.
 */
export function Hydrating({
  children,
  onHydrated,
}: {
  children: ReactNode;
  /** Called once hydration has committed. */
  onHydrated?: () => void;
}) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => {
    onHydrated?.();
    startTransition(() => setHydrated(true));
  }, [onHydrated]);
  return <HydratedContext value={hydrated}>{children}</HydratedContext>;
}
