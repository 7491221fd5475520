import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

/**
 * WCAG 2.2 AA for the design tokens in styles.css, in both themes: text at 4.5:1 on every
 * background it is drawn on (1.4.3), control edges, focus rings and chip edges at 3:1 (1.4.11).
 */
const css = readFileSync(new URL('../../styles.css', import.meta.url), 'utf8');

const TOKENS = new Map(
  [...css.matchAll(/--([\w-]+):\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/gi)].map(
    ([, name = '', light = '', dark = '']) => [name, { light, dark }],
  ),
);

type Theme = 'light' | 'dark';

function color(token: string, theme: Theme): string {
  const pair = TOKENS.get(token);
  if (pair === undefined) throw new Error(`styles.css has no light-dark() token --${token}`);
  return pair[theme];
}

function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((start) => {
    const channel = parseInt(hex.slice(start, start + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((high ?? 0) + 0.05) / ((low ?? 0) + 0.05);
}

const PAGE_BACKGROUNDS = ['surface', 'surface-muted', 'surface-hover', 'surface-selected'];
const TONES = [
  'attention',
  'waiting',
  'danger',
  'scheduled',
  'live',
  'done',
  'working',
  'muted',
  'unknown',
];

/** [foreground, background, minimum ratio] */
const PAIRS: Array<[string, string, number]> = [
  ...['ink', 'ink-muted', 'accent'].flatMap((ink) =>
    PAGE_BACKGROUNDS.map((background): [string, string, number] => [ink, background, 4.5]),
  ),
  ['ink', 'warning-soft', 4.5],
  ['ink', 'danger-soft', 4.5],
  ['ink-muted', 'warning-soft', 4.5],
  ['ink-muted', 'danger-soft', 4.5],
  ['on-accent', 'accent', 4.5],
  ['on-accent', 'accent-hover', 4.5],
  ['danger', 'surface', 4.5],
  ['danger', 'surface-muted', 4.5],
  ['danger', 'danger-soft', 4.5],
  ['warning', 'surface', 4.5],
  ['warning', 'surface-muted', 4.5],
  ['warning', 'warning-soft', 4.5],
  ['success', 'surface', 4.5],
  ['success', 'surface-muted', 4.5],
  ...['surface', 'surface-muted', 'surface-hover'].map((background): [string, string, number] => [
    'line-strong',
    background,
    3,
  ]),
  ['danger', 'surface', 3],
  ...PAGE_BACKGROUNDS.map((background): [string, string, number] => ['focus', background, 3]),
  ['focus', 'warning-soft', 3],
  ['focus', 'danger-soft', 3],
  ...TONES.map((tone): [string, string, number] => [`chip-${tone}-ink`, `chip-${tone}-bg`, 4.5]),
  ...TONES.flatMap((tone) =>
    PAGE_BACKGROUNDS.map((background): [string, string, number] => [
      `chip-${tone}-line`,
      background,
      3,
    ]),
  ),
];

test.each(
  PAIRS.flatMap(([fg, bg, min]) =>
    (['light', 'dark'] as const).map((theme) => ({ fg, bg, min, theme })),
  ),
)('$theme: $fg on $bg reaches $min:1', ({ fg, bg, min, theme }) => {
  expect(contrast(color(fg, theme), color(bg, theme))).toBeGreaterThanOrEqual(min);
});

test('the contrast formula gives the known extremes', () => {
  expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
});
