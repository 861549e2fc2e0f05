import { describe, expect, it } from '@jest/globals';
import { isatty } from 'node:tty';
import debug from 'debug';
import { settleDebugColors } from '../src/debugColors.ts';

describe('node / debug colours settled once', () => {
  it("gives `debug` the colour choice it would make per instance, and leaves DEBUG_COLORS's alone", () => {
    const opts = debug.inspectOpts!;
    const had = 'colors' in opts;
    const given = opts.colors;
    try {
      delete opts.colors;
      // What every instance asked the terminal for until now.
      const asked = debug('basalt:test').useColors;
      expect(asked).toBe(isatty(process.stderr.fd));
      settleDebugColors();
      expect(opts.colors).toBe(asked);
      expect(debug('basalt:test').useColors).toBe(asked);
      // DEBUG_COLORS (read by `debug` when it loads) wins.
      opts.colors = !asked;
      settleDebugColors();
      expect(opts.colors).toBe(!asked);
      expect(debug('basalt:test').useColors).toBe(!asked);
    } finally {
      if (had) opts.colors = given;
      else delete opts.colors;
    }
  });
});
