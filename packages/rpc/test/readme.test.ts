import { describe, expect, it } from '@jest/globals';
import * as chain from '@basalt/chain';
import * as execution from '@basalt/execution';
import * as rpc from '@basalt/rpc';
import * as state from '@basalt/state';
import { runReadmeUsage } from '../../../test/support/readmeExample.ts';

const modules: Record<string, Record<string, unknown>> = {
  '@basalt/chain': chain,
  '@basalt/execution': execution,
  '@basalt/rpc': rpc,
  '@basalt/state': state,
};

describe('rpc / README', () => {
  it('the usage example runs', async () => {
    expect(await runReadmeUsage(new URL('../README.md', import.meta.url), modules)).toEqual([true]);
  });
});
