import { expect, test } from 'vitest';
import { cx, variants } from '#src/components/ui/variants.ts';

const look = variants(
  'base',
  { tone: { calm: 'blue', loud: 'red' }, size: { sm: 'small', md: 'medium' } },
  { tone: 'calm', size: 'md' },
);

test('each variant adds its choice, or its default, after the base and before extra classes', () => {
  expect(look()).toBe('base blue medium');
  expect(look({ tone: 'loud', className: 'extra' })).toBe('base red medium extra');
  expect(look({ size: 'sm' })).toBe('base blue small');
});

test('a variant passed as undefined (a prop left out upstream) still takes its default', () => {
  expect(look({ tone: undefined, size: undefined })).toBe('base blue medium');
});

test('cx skips empty classes', () => {
  expect(cx('a', false, undefined, null, '', 'b')).toBe('a b');
});
