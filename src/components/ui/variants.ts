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
    // Looked up one by one: a prop passed as undefined still takes the default.
    const given: Partial<Record<string, string>> = props;
    const fallback: Partial<Record<string, string>> = defaults;
    const picked = Object.entries(table).map(
      ([name, options]) => options[given[name] ?? fallback[name] ?? ''],
    );
    return cx(base, ...picked, props.className);
  };
}
