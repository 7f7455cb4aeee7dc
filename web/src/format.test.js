import { describe, expect, test } from 'vitest';
import {
  formatBytes,
  formatDuration,
  formatNumber,
  formatPayload,
  formatPercent,
  formatRelative,
  formatTime,
  truncate,
} from './format.js';

describe('formatBytes', () => {
  test('uses powers of 1024 like Redis', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(formatBytes(200 * 1024 * 1024 * 1024)).toBe('200 GB');
  });
  test('shows a dash for missing values', () => {
    expect(formatBytes(null)).toBe('-');
    expect(formatBytes(undefined)).toBe('-');
  });
});

describe('formatPercent', () => {
  test('formats the error rate fraction', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.5)).toBe('50.0%');
    expect(formatPercent(0.0123)).toBe('1.23%');
    expect(formatPercent(0.00001)).toBe('<0.01%');
  });
  test('null means nothing processed today', () => {
    expect(formatPercent(null)).toBe('-');
  });
});

describe('formatDuration', () => {
  test('short forms at each scale', () => {
    expect(formatDuration(0)).toBe('0ms');
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(1500)).toBe('1.50s');
    expect(formatDuration(12_300)).toBe('12.3s');
    expect(formatDuration(303_000)).toBe('5m 3s');
    expect(formatDuration(7_500_000)).toBe('2h 5m');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 4h');
    expect(formatDuration(null)).toBe('-');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');
  test('past and future', () => {
    expect(formatRelative('2026-11-25T09:57:00Z', now)).toBe('3m 0s ago');
    expect(formatRelative('2026-11-25T12:05:00Z', now)).toBe('in 2h 5m');
    expect(formatRelative('2026-11-25T10:00:00Z', now)).toBe('now');
  });
  test('null is a dash', () => {
    expect(formatRelative(null, now)).toBe('-');
  });
});

describe('formatTime', () => {
  test('UTC with seconds', () => {
    expect(formatTime('2026-11-25T10:42:40Z')).toBe('2026-11-25 10:42:40 UTC');
    expect(formatTime('2026-11-25T10:42:40.123456Z')).toBe('2026-11-25 10:42:40 UTC');
    expect(formatTime(null)).toBe('-');
  });
});

describe('formatPayload', () => {
  test('pretty-prints JSON objects', () => {
    expect(formatPayload('{"a":1}')).toEqual({ text: '{\n  "a": 1\n}', kind: 'json' });
  });
  test('keeps text and labels base64', () => {
    expect(formatPayload('hello')).toEqual({ text: 'hello', kind: 'text' });
    expect(formatPayload('AAE=', 'base64')).toEqual({ text: 'AAE=', kind: 'base64' });
  });
  test('tells none from empty', () => {
    expect(formatPayload(null).kind).toBe('none');
    expect(formatPayload('').kind).toBe('empty');
  });
});

test('formatNumber groups thousands', () => {
  expect(formatNumber(1234567)).toBe('1,234,567');
  expect(formatNumber(null)).toBe('-');
});

test('truncate keeps one line of at most max characters', () => {
  expect(truncate('a\n b', 10)).toBe('a b');
  expect(truncate('abcdefghijk', 5)).toBe('abcd…');
});
