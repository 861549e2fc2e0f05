import { afterEach, describe, expect, it } from '@jest/globals';
import { StateErrorCode, sublevel, WriteBatch } from '@basalt/state';
import { bytesToHex, hexToBytes } from '@ethereumjs/util';
import { Closers, memoryStore } from '../helpers/index.ts';

const closers = new Closers();
afterEach(() => closers.closeAll());

describe('state / database / WriteBatch', () => {
  it('commits puts and deletes across two sublevels in one batch', async () => {
    const { db } = await memoryStore(closers);
    const blocks = sublevel(db, 'blocks');
    const meta = sublevel(db, 'meta');
    await blocks.put(hexToBytes('0x02'), hexToBytes('0xdead'));
    const batch = new WriteBatch();
    batch.put(blocks, hexToBytes('0x01'), hexToBytes('0xbeef'));
    batch.del(blocks, hexToBytes('0x02'));
    batch.put(meta, hexToBytes('0x01'), hexToBytes('0xcafe'));
    expect(batch.length).toBe(3);
    await batch.commit(db);
    expect(bytesToHex((await blocks.get(hexToBytes('0x01'))) as Uint8Array)).toBe('0xbeef');
    expect(await blocks.get(hexToBytes('0x02'))).toBe(undefined);
    expect(bytesToHex((await meta.get(hexToBytes('0x01'))) as Uint8Array)).toBe('0xcafe');
    // Same key, different sublevels: kept apart.
    expect(bytesToHex((await sublevel(db, 'blocks').get(hexToBytes('0x01'))) as Uint8Array)).toBe('0xbeef');
  });

  it('is all or nothing: a batch with one bad op writes neither sublevel', async () => {
    const { db } = await memoryStore(closers);
    const blocks = sublevel(db, 'blocks');
    const meta = sublevel(db, 'meta');
    const batch = new WriteBatch();
    batch.put(blocks, hexToBytes('0x01'), hexToBytes('0xbeef'));
    // abstract-level rejects a null value for the whole batch before writing anything.
    batch.put(meta, hexToBytes('0x01'), null as unknown as Uint8Array);
    await expect(batch.commit(db)).rejects.toBeDefined();
    expect(await blocks.get(hexToBytes('0x01'))).toBe(undefined);
    expect(await meta.get(hexToBytes('0x01'))).toBe(undefined);
  });

  it('commits once: a second commit throws BATCH_ALREADY_COMMITTED', async () => {
    const { db } = await memoryStore(closers);
    const batch = new WriteBatch();
    batch.put(sublevel(db, 'meta'), hexToBytes('0x01'), hexToBytes('0x02'));
    await batch.commit(db);
    await expect(batch.commit(db)).rejects.toMatchObject({ code: StateErrorCode.BATCH_ALREADY_COMMITTED });
    expect(() => batch.put(sublevel(db, 'meta'), hexToBytes('0x03'), hexToBytes('0x04'))).toThrow(
      expect.objectContaining({ code: StateErrorCode.BATCH_ALREADY_COMMITTED }),
    );
  });
});
