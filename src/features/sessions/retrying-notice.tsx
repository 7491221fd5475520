import type { UseQueryResult } from '@tanstack/react-query';
import { retryingText } from '#src/api/http.ts';
import { Icon } from '#src/components/ui/icon.tsx';

/** Rows not there yet are asked for again after a failure: shown here, said by the list's region. */
export function RetryingNotice({ list }: { list: UseQueryResult }) {
  const text = list.isPending || list.isPlaceholderData ? retryingText(list) : null;
  return text === null ? null : (
    <p className="flex items-center gap-2 text-sm text-ink-muted">
      <Icon name="loader-circle" className="size-4 motion-safe:animate-spin" />
      {text}
    </p>
  );
}
