import { ConvertError } from './convert.js';

// A Word file is a ZIP archive; a small one can inflate to gigabytes (a "zip bomb"), and the size
// its directory declares can be a lie. Before any library inflates it, each part is inflated here
// as a stream and counted, so a file over the limit is refused having held one chunk at a time.

/** The most a Word file's parts may inflate to, all together (text and markup; a book is a few MB). */
export const MAX_UNZIPPED_BYTES = 64 * 1024 * 1024;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Throws a `ConvertError` when the archive's parts (those `counted` keeps) inflate to more than
 * `limit` bytes in total. A malformed archive is left for the ZIP library to report.
 */
export async function checkUnzippedSize(
  bytes: Uint8Array,
  limit = MAX_UNZIPPED_BYTES,
  counted: (name: string) => boolean = () => true,
): Promise<void> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfDirectory(view);
  if (end < 0) return;
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  let total = 0;
  for (let i = 0; i < entries && at + 46 <= bytes.length && view.getUint32(at, true) === CENTRAL; i++) {
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const declared = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (!counted(name)) continue;
    if (declared === 0xffffffff || compressed === 0xffffffff) throw tooLarge(limit);
    total += Math.max(declared, await partSize(bytes, view, local, compressed, method, limit - total + 1));
    if (total > limit) throw tooLarge(limit);
  }
}

function tooLarge(limit: number): ConvertError {
  return new ConvertError(`the Word file unzips to more than ${Math.round(limit / 1024 / 1024)} MB (a zip bomb?), not read`);
}

function findEndOfDirectory(view: DataView): number {
  // The end record is 22 bytes, followed by a comment of at most 65,535.
  for (let at = view.byteLength - 22; at >= Math.max(0, view.byteLength - 22 - 65_535); at--)
    if (view.getUint32(at, true) === EOCD) return at;
  return -1;
}

/** How many bytes one part inflates to, counting no further than `cap`. */
async function partSize(
  bytes: Uint8Array,
  view: DataView,
  local: number,
  compressed: number,
  method: number,
  cap: number,
): Promise<number> {
  if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL) return 0;
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const data = bytes.subarray(start, Math.min(bytes.length, start + compressed));
  if (method === 0) return data.length;
  if (method !== 8) return 0;
  const reader = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return size;
      size += value.length;
      if (size > cap) return size;
    }
  } catch {
    // Corrupt data: what inflated so far counts, and the ZIP library names the fault.
    return size;
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}
