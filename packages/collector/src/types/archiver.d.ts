// archiver 8 is ESM with classes and ships no types; @types/archiver describes the old
// factory API. This covers what the bundle writer uses.
declare module 'archiver' {
  import type { Stats } from 'node:fs';
  import type { Transform } from 'node:stream';
  import type { ZlibOptions } from 'node:zlib';

  interface EntryData {
    name: string;
    date?: Date;
    mode?: number;
    type?: 'file' | 'directory';
    /** An lstat of the file: archiver then skips its own stat queue. */
    stats?: Stats;
  }

  export class TarArchive extends Transform {
    constructor(options?: { gzip?: boolean; gzipOptions?: ZlibOptions; statConcurrency?: number });
    append(source: Buffer | NodeJS.ReadableStream | string, data: EntryData): this;
    file(filepath: string, data: EntryData): this;
    finalize(): Promise<void>;
    abort(): this;
  }
}
