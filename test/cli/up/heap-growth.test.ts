import {spawnSync} from 'node:child_process';
import {describe, expect, it, vi} from 'vitest';
import {HEAP_GROWING_FLAG, limitHeapGrowth} from '../../../src/cli/up/heap-growth.js';

describe('limitHeapGrowth', () => {
  it('fixes the heap growing factor for `up`', () => {
    const setFlags = vi.fn();
    expect(limitHeapGrowth([], undefined, setFlags)).toBe(true);
    expect(setFlags).toHaveBeenCalledWith(HEAP_GROWING_FLAG);
  });

  it("leaves a factor the user chose, on node's command line or in NODE_OPTIONS", () => {
    const setFlags = vi.fn();
    expect(limitHeapGrowth(['--heap-growing-percent=50'], undefined, setFlags)).toBe(false);
    expect(limitHeapGrowth([], '--max-old-space-size=512 --heap_growing_percent=30', setFlags)).toBe(false);
    expect(setFlags).not.toHaveBeenCalled();
  });

  it('is a flag this Node accepts after start-up (an unknown one would be silently ignored)', () => {
    // `--v8-options` lists every flag V8 knows: a rename in a later V8 would show up here.
    const options = spawnSync(process.execPath, ['--v8-options'], {encoding: 'utf8'}).stdout;
    expect(options).toContain(HEAP_GROWING_FLAG.replace(/=.*/, ''));
  });
});
