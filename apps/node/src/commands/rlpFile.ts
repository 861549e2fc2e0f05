// Reading and writing files of RLP items written back to back with no separator: the format of
// `geth export` / `geth import` (each item one block). Reads stream in chunks, so a file larger
// than memory imports block by block.
import { open } from 'node:fs/promises';
import { NodeError, NodeErrorCode } from '../errors.ts';

const CHUNK = 1 << 20;

function bad(path: string, offset: number, reason: string): NodeError {
  return new NodeError(
    { code: NodeErrorCode.INVALID_CONFIG, field: path },
    `${path}: not an RLP block file at byte ${offset}: ${reason}`,
  );
}

/** Length of the RLP list whose encoding starts `buf[at]`, or undefined if `buf` holds too few bytes to tell. */
function itemLength(buf: Uint8Array, at: number, end: number, path: string, offset: number): number | undefined {
  const b = buf[at]!;
  if (b < 0xc0) throw bad(path, offset, `expected an RLP list, found byte 0x${b.toString(16)}`);
  if (b <= 0xf7) return 1 + (b - 0xc0);
  const lenOfLen = b - 0xf7;
  if (at + 1 + lenOfLen > end) return undefined;
  let len = 0;
  for (let i = 0; i < lenOfLen; i++) len = len * 256 + buf[at + 1 + i]!;
  return 1 + lenOfLen + len;
}

export interface RlpItem {
  /** The item's whole encoding. */
  bytes: Uint8Array;
  /** Its byte offset in the file. */
  offset: number;
}

/** The RLP items of a file, in order. Throws on a truncated file or a non-list item. */
export async function* readRlpItems(path: string): AsyncGenerator<RlpItem> {
  const fh = await open(path, 'r');
  try {
    let buf = new Uint8Array(CHUNK);
    let start = 0; // first unread byte in buf
    let end = 0; // end of valid data in buf
    let fileOffset = 0; // file offset of buf[start]
    let eof = false;
    for (;;) {
      if (start < end) {
        const len = itemLength(buf, start, end, path, fileOffset);
        if (len !== undefined && start + len <= end) {
          yield { bytes: buf.slice(start, start + len), offset: fileOffset };
          start += len;
          fileOffset += len;
          continue;
        }
        if (eof) throw bad(path, fileOffset, 'truncated item at the end of the file');
        const need = len ?? 16;
        if (need > buf.length - start) {
          const bigger = new Uint8Array(Math.max(buf.length * 2, need + CHUNK));
          bigger.set(buf.subarray(start, end));
          end -= start;
          start = 0;
          buf = bigger;
        }
      } else if (eof) {
        return;
      }
      if (start > 0 && start === end) {
        start = 0;
        end = 0;
      } else if (start > buf.length / 2) {
        buf.copyWithin(0, start, end);
        end -= start;
        start = 0;
      }
      const { bytesRead } = await fh.read(buf, end, buf.length - end, null);
      if (bytesRead === 0) eof = true;
      end += bytesRead;
    }
  } finally {
    await fh.close();
  }
}

/** Counts the items of a file without decoding them (for progress and ETA). */
export async function countRlpItems(path: string): Promise<number> {
  let n = 0;
  for await (const _ of readRlpItems(path)) n++;
  return n;
}
