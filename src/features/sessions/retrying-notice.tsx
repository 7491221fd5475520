import type { UseQueryResult } from '@tanstack/react-query';
import { LoaderCircle } from 'lucide-react';
import { retryingText } from '#src/api/http.ts';

/** Rows not there yet are asked for again after a failure: shown here, said by the list's region. */
export function RetryingNotice({ list }: { list: UseQueryResult }) {
  const text = list.isPending || list.isPlaceholderData ? retryingText(list) : null;
  return text === null ? null : (
    <p className="flex items-center gap-2 text-sm text-ink-muted">
      <LoaderCircle aria-hidden="true" className="size-4 motion-safe:animate-spin" />
      {text}
    </p>
  );
}
