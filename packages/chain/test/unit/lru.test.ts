import { describe, expect, it } from '@jest/globals';
import { LRUCache } from '../../src/store/lru.ts';

describe('chain / store / LRU cache', () => {
  it('drops the least recently used entry past its capacity', () => {
    const c = new LRUCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recent
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
    expect(c.size).toBe(2);
  });

  it('with a weight bound, drops the oldest entries until the total fits, but keeps the newest', () => {
    const c = new LRUCache<string, number[]>(100, { maxWeight: 10, weigh: (v) => 1 + v.length });
    c.set('a', [1, 2, 3]); // 4
    c.set('b', [1, 2]); // 3
    c.set('c', [1]); // 2
    expect(c.weight).toBe(9);
    c.set('d', [1, 2]); // 3: 12 > 10, a goes
    expect(c.get('a')).toBeUndefined();
    expect(c.weight).toBe(8);
    expect(c.size).toBe(3);
    // Replacing an entry counts its new weight only.
    c.set('b', []);
    expect(c.weight).toBe(6);
    c.delete('c');
    expect(c.weight).toBe(4);
    // One entry heavier than the bound is kept alone.
    c.set(
      'big',
      Array.from({ length: 50 }, () => 0),
    );
    expect(c.size).toBe(1);
    expect(c.get('big')).toHaveLength(50);
    expect(c.weight).toBe(51);
    c.clear();
    expect(c.weight).toBe(0);
    expect(c.size).toBe(0);
  });
});
