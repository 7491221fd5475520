import { Chip } from '#src/components/ui/chip.tsx';

type Tone = 'danger' | 'attention' | 'muted';

/** Undocumented values, so read loosely; any other is shown as sent, in the unknown tone. */
const SEVERITY_TONES: ReadonlyMap<string, Tone> = new Map([
  ['critical', 'danger'],
  ['severe', 'danger'],
  ['high', 'danger'],
  ['medium', 'attention'],
  ['moderate', 'attention'],
  ['warning', 'attention'],
  ['low', 'muted'],
  ['minor', 'muted'],
  ['info', 'muted'],
]);

export function SeverityChip({ severity }: { severity: string }) {
  const label = severity.trim();
  const tone = SEVERITY_TONES.get(label.toLowerCase());
  return (
    <Chip data-slot="severity-chip" tone={tone ?? 'unknown'}>
      {label.charAt(0).toUpperCase() + label.slice(1)}
      <span className="sr-only"> severity</span>
    </Chip>
  );
}
