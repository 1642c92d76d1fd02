/** One entry of an archive or directory, as its source reports it, before any check. */
export interface RawEntry {
  /** The name as stored (for messages); checked and normalized by the walker. */
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  /** Declared uncompressed size of a file; 0 otherwise. */
  size: number;
  /** Compressed size, when the container records one per entry (zip). */
  compressedSize?: number;
  /** Link target as stored (symlinks: relative to the link's directory). */
  linkTarget?: string;
  /** A file's bytes. Call at most once, and consume fully or call skip(). */
  body(): AsyncIterable<Buffer>;
  /** Lets the source move past a file whose body is not wanted. */
  skip(): Promise<void>;
}

/** What the input was, for messages and the report. */
export type ContainerKind = 'directory' | 'tar' | 'zip';

export interface EntrySource {
  container: ContainerKind;
  entries: AsyncIterable<RawEntry>;
  /** Releases files and streams; safe to call twice and after an error. */
  close(): void;
}

export const noBody = (): AsyncIterable<Buffer> => ({
  async *[Symbol.asyncIterator]() {},
});
