import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ServerError } from '../errors.ts';

/** An upload written to a private temporary file, with its size and SHA-256. */
export interface SpooledFile {
  path: string;
  size: number;
  sha256: string;
  /** Removes the temporary file (always called, stored or refused). */
  dispose(): Promise<void>;
}

export const tooLarge = (maxBytes: number) =>
  new ServerError('FILE_TOO_LARGE', `the file is larger than ${maxBytes} bytes`, { maxBytes });

/**
 * Streams an upload to disk, hashing as it goes and stopping at `maxBytes`: the file is never
 * whole in memory, and it can then be inspected at random (a ZIP's directory is at its end) before
 * anything is stored.
 */
export async function spool(source: Readable, maxBytes: number, dir = tmpdir()): Promise<SpooledFile> {
  const folder = await mkdtemp(join(dir, 'doanflow-upload-'));
  const path = join(folder, 'file');
  const dispose = () => rm(folder, { recursive: true, force: true });
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(tooLarge(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await dispose();
    throw error;
  }
  return { path, size, sha256: hash.digest('hex'), dispose };
}
