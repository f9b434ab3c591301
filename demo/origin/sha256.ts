import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FileInfo } from './media-file.ts';
import type { ByteSpan } from './range.ts';

/**
 * Lazily computed SHA-256 digests of files and byte ranges of files. Keyed by size
 * and mtime too, so that regenerating the media while the origin runs cannot serve
 * a stale digest.
 */
export class Sha256Cache {
  readonly #digests = new Map<string, Promise<string>>();

  digest(file: FileInfo, span?: ByteSpan): Promise<string> {
    const range = span === undefined ? 'all' : `${span.start}-${span.end}`;
    const key = `${file.path}\0${file.size}\0${file.mtimeMs}\0${range}`;
    let digest = this.#digests.get(key);
    if (digest === undefined) {
      digest = hashFile(file.path, span);
      this.#digests.set(key, digest);
      // A failed read (file vanished) must not be remembered.
      digest.catch(() => this.#digests.delete(key));
    }
    return digest;
  }
}

async function hashFile(path: string, span: ByteSpan | undefined): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, span ?? {})) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
