import { describe, expect, it } from 'vitest';
import { backoff, classify, parseRetryAfter } from '../../src/retry.js';

describe('classify', () => {
  it.each([
    [200, 'ok'], [201, 'ok'], [204, 'ok'],
    [0, 'retry'], [408, 'retry'], [429, 'retry'], [500, 'retry'], [502, 'retry'], [503, 'retry'], [504, 'retry'],
    [400, 'drop'], [401, 'drop'], [403, 'drop'], [404, 'drop'], [413, 'drop'], [422, 'drop'],
  ] as const)('%i -> %s', (status, outcome) => expect(classify(status)).toBe(outcome));
});

describe('backoff', () => {
  it('doubles the ceiling per attempt with half of it random', () => {
    expect(backoff(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoff(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoff(3, 1000, 60_000, () => 0)).toBe(2000);
    expect(backoff(3, 1000, 60_000, () => 1)).toBe(4000);
  });
  it('never exceeds the cap, however many attempts', () => {
    expect(backoff(50, 1000, 30_000, () => 1)).toBe(30_000);
    expect(backoff(1e6, 1000, 30_000, () => 0.5)).toBe(22_500);
  });
  it('spreads clients apart', () => {
    const seen = new Set(Array.from({ length: 50 }, () => backoff(4)));
    expect(seen.size).toBeGreaterThan(10);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  it('reads delta-seconds', () => expect(parseRetryAfter('120', now)).toBe(120_000));
  it('reads an HTTP date', () => expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:30 GMT', now)).toBe(30_000));
  it('treats a past date as now', () => expect(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0));
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
  it('clamps a hostile value', () => expect(parseRetryAfter('99999999', now, 3_600_000)).toBe(3_600_000));
});
