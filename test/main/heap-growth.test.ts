import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, HEAP_GROWING_PERCENT } from '../../src/main/heap-growth';

describe('boundHeapGrowth', () => {
  it('sets V8’s heap growing percent when node was started without one', () => {
    const set: string[] = [];
    expect(boundHeapGrowth(['--enable-source-maps'], (f) => set.push(f))).toBe(HEAP_GROWING_PERCENT);
    expect(set).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
  });

  it.each([['--heap-growing-percent=80'], ['--heap_growing_percent=10'], ['--heap-growing-percent']])('leaves the operator’s own choice (%s) alone', (arg) => {
    const set: string[] = [];
    expect(boundHeapGrowth([arg], (f) => set.push(f))).toBeUndefined();
    expect(set).toEqual([]);
  });

  it('sets a flag this node knows once running', () => {
    // In a node of its own, not this test runner; an unknown flag only says so on stderr.
    let flag = '';
    boundHeapGrowth([], (f) => (flag = f));
    const r = spawnSync(process.execPath, ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(flag)})`], { encoding: 'utf8' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
