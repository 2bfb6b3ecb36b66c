import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { createInflateRaw, crc32 } from 'node:zlib';
import { ServerError } from '../errors.ts';

/**
 * An office document (DOCX, XLSX, ODT) is a ZIP container. Before one is stored its structure is
 * checked end to end, without trusting any size it declares: one end record that ends the file; a
 * central directory right before it; entries that start at byte 0, follow each other without gaps
 * that hide data and never overlap (overlapping entries are how non-recursive zip bombs expand);
 * then every entry is inflated with a hard cap, and its real size and CRC-32 must match.
 */

export interface ZipLimits {
  maxEntries: number;
  /** All entries together, inflated. */
  maxTotalBytes: number;
  /** Inflated size of one entry over its compressed size (deflate tops out near 1032:1). */
  maxRatio: number;
}

export const defaultZipLimits: ZipLimits = {
  maxEntries: 2_000,
  maxTotalBytes: 256 * 1024 * 1024,
  maxRatio: 200,
};

export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
  /** Where the entry's bytes start (after its local header). */
  dataOffset: number;
}

const END_RECORD = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const END_RECORD_SIZE = 22;
const MAX_COMMENT = 0xffff;

const malformed = (message: string) => new ServerError('MALFORMED_FILE', message, { container: 'zip' });
const expansive = (message: string) =>
  new ServerError('ARCHIVE_TOO_EXPANSIVE', message, { container: 'zip' });

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  if (bytesRead !== length) throw malformed('the archive ends too early');
  return buffer;
}

/** The end record that ends the file exactly (its comment reaching the last byte), or null. */
export async function findEndRecord(file: FileHandle, size: number): Promise<number | null> {
  if (size < END_RECORD_SIZE) return null;
  const span = Math.min(size, END_RECORD_SIZE + MAX_COMMENT);
  const tail = await readAt(file, size - span, span);
  for (let i = span - END_RECORD_SIZE; i >= 0; i -= 1) {
    if (tail.readUInt32LE(i) === END_RECORD && i + END_RECORD_SIZE + tail.readUInt16LE(i + 20) === span) {
      return size - span + i;
    }
  }
  return null;
}

/** Reads and checks the container's directory and headers; inflates nothing. */
export async function readZipDirectory(
  file: FileHandle,
  size: number,
  limits: ZipLimits = defaultZipLimits,
): Promise<ZipEntry[]> {
  const end = await findEndRecord(file, size);
  if (end === null) throw malformed('the archive has no end record');
  const record = await readAt(file, end, END_RECORD_SIZE);
  const count = record.readUInt16LE(10);
  const directorySize = record.readUInt32LE(12);
  const directoryOffset = record.readUInt32LE(16);
  if (record.readUInt16LE(4) !== 0 || record.readUInt16LE(6) !== 0 || record.readUInt16LE(8) !== count) {
    throw malformed('multi-part archives are not accepted');
  }
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    throw malformed('ZIP64 archives are not accepted');
  }
  if (count === 0) throw malformed('the archive is empty');
  if (count > limits.maxEntries) throw expansive(`the archive holds more than ${limits.maxEntries} entries`);
  if (directoryOffset + directorySize !== end) {
    throw malformed('the central directory does not end where the end record begins');
  }
  const directory = await readAt(file, directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let at = 0;
  let total = 0;
  for (let n = 0; n < count; n += 1) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_HEADER) {
      throw malformed('the central directory is broken');
    }
    const flags = directory.readUInt16LE(at + 8);
    const method = directory.readUInt16LE(at + 10);
    const nameLength = directory.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    if (next > directory.length) throw malformed('the central directory is broken');
    const name = directory.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (flags & 0x1) throw malformed('encrypted entries are not accepted');
    if (method !== 0 && method !== 8) throw malformed(`entry ${name} uses compression method ${method}`);
    if (name === '' || name.includes('\0') || name.includes('\\') || name.startsWith('/')) {
      throw malformed('an entry has an unsafe name');
    }
    if (name.split('/').includes('..')) throw malformed('an entry has an unsafe name');
    if (names.has(name)) throw malformed(`entry ${name} appears twice`);
    names.add(name);
    const entry = {
      name,
      method,
      crc32: directory.readUInt32LE(at + 16),
      compressedSize: directory.readUInt32LE(at + 20),
      uncompressedSize: directory.readUInt32LE(at + 24),
      localOffset: directory.readUInt32LE(at + 42),
      dataOffset: 0,
    };
    if (method === 0 && entry.compressedSize !== entry.uncompressedSize) {
      throw malformed(`stored entry ${name} declares two sizes`);
    }
    if (entry.uncompressedSize > limits.maxRatio * Math.max(entry.compressedSize, 1) + 65_536) {
      throw expansive(`entry ${name} would expand more than ${limits.maxRatio} times`);
    }
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes) throw expansive('the archive would expand beyond the limit');
    entries.push(entry);
    at = next;
  }
  if (at !== directory.length) throw malformed('the central directory has trailing bytes');
  await checkLayout(file, entries, directoryOffset);
  return entries;
}

/** Entries from byte 0 onwards, in order, none overlapping another or the directory. */
async function checkLayout(file: FileHandle, entries: ZipEntry[], directoryOffset: number) {
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  if (byOffset[0]!.localOffset !== 0) throw malformed('the archive has data before its first entry');
  let free = 0;
  for (const entry of byOffset) {
    if (entry.localOffset < free) throw malformed(`entry ${entry.name} overlaps another`);
    const header = await readAt(file, entry.localOffset, 30);
    if (header.readUInt32LE(0) !== LOCAL_HEADER) throw malformed(`entry ${entry.name} has no local header`);
    const nameLength = header.readUInt16LE(26);
    const localName = (await readAt(file, entry.localOffset + 30, nameLength)).toString('utf8');
    if (localName !== entry.name || header.readUInt16LE(8) !== entry.method) {
      throw malformed(`entry ${entry.name} differs from its directory record`);
    }
    entry.dataOffset = entry.localOffset + 30 + nameLength + header.readUInt16LE(28);
    free = entry.dataOffset + entry.compressedSize;
    // An optional data descriptor (12–16 bytes) may follow the data.
    if (header.readUInt16LE(6) & 0x8) free += 12;
    if (free > directoryOffset) throw malformed(`entry ${entry.name} runs into the central directory`);
  }
}

/**
 * Inflates one entry, refusing as soon as it outgrows what it declared; checks its size and CRC.
 * `onData` sees the inflated bytes (to keep a small entry); the rest is counted and dropped.
 */
export function inflateEntry(path: string, entry: ZipEntry, onData?: (chunk: Buffer) => void): Promise<void> {
  if (entry.compressedSize === 0) {
    return entry.uncompressedSize === 0 && entry.crc32 === 0
      ? Promise.resolve()
      : Promise.reject(malformed(`entry ${entry.name} does not match its declared size and checksum`));
  }
  return new Promise((resolve, reject) => {
    const raw = createReadStream(path, {
      start: entry.dataOffset,
      end: entry.dataOffset + entry.compressedSize - 1,
    });
    const stream = entry.method === 8 ? raw.pipe(createInflateRaw()) : raw;
    let size = 0;
    let crc = 0;
    const fail = (error: Error) => {
      raw.destroy();
      stream.destroy();
      reject(error);
    };
    raw.on('error', fail);
    stream.on('error', () => fail(malformed(`entry ${entry.name} does not inflate`)));
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > entry.uncompressedSize) {
        fail(expansive(`entry ${entry.name} inflates beyond its declared size`));
        return;
      }
      crc = crc32(chunk, crc);
      onData?.(chunk);
    });
    stream.on('end', () => {
      if (size !== entry.uncompressedSize || crc !== entry.crc32) {
        reject(malformed(`entry ${entry.name} does not match its declared size and checksum`));
      } else resolve();
    });
  });
}

/** The text of a small entry (a content-types list, a mimetype), inflated with its cap. */
export async function entryText(path: string, entry: ZipEntry): Promise<string> {
  if (entry.uncompressedSize > 1024 * 1024) throw malformed(`entry ${entry.name} is too large to read`);
  const parts: Buffer[] = [];
  await inflateEntry(path, entry, (chunk) => parts.push(chunk));
  return Buffer.concat(parts).toString('utf8');
}
