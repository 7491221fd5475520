/** Joins class names, skipping the empty ones. */
export function cx(...classes: Array<string | false | null | undefined>): string {
  return classes.filter(Boolean).join(' ');
}

type Choices<V> = { [K in keyof V]: keyof V[K] & string };

/**
 * The parts' one variant helper: a base, one set of classes per variant, and a default choice
 * for each (shadcn's `cva` in a few lines, without the dependency).
 */
export function variants<V extends Record<string, Record<string, string>>>(
  base: string,
  table: V,
  defaults: Choices<V>,
): (props?: Partial<Choices<V>> & { className?: string | undefined }) => string {
  return (props = {}) => {
    const chosen: Partial<Record<string, string>> = { ...defaults, ...props };
    const picked = Object.entries(table).map(([name, options]) => options[chosen[name] ?? '']);
    return cx(base, ...picked, props.className);
  };
}
