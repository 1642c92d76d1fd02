import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Redactor } from '../redact/index.js';
import { writeTail, type TailCaps, type TailResult } from './tail-writer.js';

/**
 * The bundle as it is being collected: a private temp directory that every collector writes
 * into through these methods only, so every byte is redacted and every file is accounted for.
 */
export class Staging {
  readonly #files = new Map<string, number>();
  /** Directories already made: one mkdir per directory, not one per file written. */
  readonly #dirs = new Set<string>();

  private constructor(
    /** Absolute path of the temp directory; bundle paths are relative to it. */
    readonly dir: string,
    readonly redactor: Redactor,
  ) {}

  static async create(redactor: Redactor, parent = tmpdir()): Promise<Staging> {
    return new Staging(await mkdtemp(join(parent, 'studio-collect-')), redactor);
  }

  /** Writes a JSON document (2-space indent, trailing newline) with every string redacted. */
  async writeJson(path: string, value: unknown): Promise<number> {
    return this.#write(path, JSON.stringify(this.redactor.json(value), null, 2) + '\n');
  }

  /** Writes a JSON document we produced ourselves and that holds no collected text. */
  async writeOwnJson(path: string, value: unknown): Promise<number> {
    return this.#write(path, JSON.stringify(value, null, 2) + '\n');
  }

  /** Writes a text, redacted. */
  async writeText(path: string, text: string): Promise<number> {
    return this.#write(path, this.redactor.text(text));
  }

  /** Writes the output of `env`: names kept, values redacted by name and by pattern. */
  async writeEnvText(path: string, text: string): Promise<number> {
    return this.#write(path, this.redactor.envText(text));
  }

  /**
   * Streams a log or command output into the bundle, redacted line by line, keeping the
   * newest lines within `caps`. Memory stays flat whatever the source size.
   */
  async writeTail(
    path: string,
    source: AsyncIterable<Buffer | string>,
    caps: TailCaps,
  ): Promise<TailResult> {
    const abs = await this.#prepare(path);
    const result = await writeTail(source, abs, caps, this.redactor.lines());
    this.#files.set(path, result.bytes);
    return result;
  }

  /** Bundle paths written so far with their sizes, sorted by path. */
  files(): [string, number][] {
    return [...this.#files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  has(path: string): boolean {
    return this.#files.has(path);
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  async #write(path: string, text: string): Promise<number> {
    const abs = await this.#prepare(path);
    await writeFile(abs, text);
    const size = (await stat(abs)).size;
    this.#files.set(path, size);
    return size;
  }

  async #prepare(path: string): Promise<string> {
    if (path.startsWith('/') || path.split('/').some((p) => p === '' || p === '.' || p === '..')) {
      throw new Error(`staging: not a relative bundle path: ${JSON.stringify(path)}`);
    }
    const abs = join(this.dir, path);
    const dir = dirname(abs);
    if (!this.#dirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.#dirs.add(dir);
    }
    return abs;
  }
}
