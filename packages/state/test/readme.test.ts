import { describe, expect, it } from '@jest/globals';
import * as state from '@basalt/state';
import * as util from '@ethereumjs/util';
import { runReadmeUsage } from '../../../test/support/readmeExample.ts';

const modules: Record<string, Record<string, unknown>> = { '@basalt/state': state, '@ethereumjs/util': util };

describe('state / README', () => {
  it('the usage example runs', async () => {
    expect(await runReadmeUsage(new URL('../README.md', import.meta.url), modules)).toEqual([true]);
  });
});
