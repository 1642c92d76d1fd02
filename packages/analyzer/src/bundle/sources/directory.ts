import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { noBody, type EntrySource, type RawEntry } from './entry.js';

/**
 * Walks a directory without following symlinks, in sorted order. Absolute symlink
 * targets that stay inside the directory are rewritten relative, so the walker judges
 * every link the same way whatever the container.
 */
export function directorySource(dir: string): EntrySource {
  const streams = new Set<{ destroy(): void }>();
  async function* walk(rel: string): AsyncGenerator<RawEntry> {
    const names = (await readdir(join(dir, rel))).sort();
    for (const name of names) {
      const path = rel === '' ? name : `${rel}/${name}`;
      const abs = join(dir, path);
      const st = await lstat(abs);
      if (st.isDirectory()) {
        yield { name: path, type: 'directory', size: 0, body: noBody, skip: async () => {} };
        yield* walk(path);
      } else if (st.isFile()) {
        yield {
          name: path,
          type: 'file',
          size: st.size,
          body: () => {
            const s = createReadStream(abs, { highWaterMark: 1024 * 1024 });
            streams.add(s);
            s.on('close', () => streams.delete(s));
            return s;
          },
          skip: async () => {},
        };
      } else if (st.isSymbolicLink()) {
        let target = await readlink(abs);
        if (target.startsWith('/')) {
          const inside = relative(join(dir, rel), target);
          // Outside the directory stays absolute and is refused by the walker.
          if (!relative(dir, target).startsWith('..')) target = inside.split(sep).join(posix.sep);
        }
        yield {
          name: path,
          type: 'symlink',
          size: 0,
          linkTarget: target,
          body: noBody,
          skip: async () => {},
        };
      } else {
        yield { name: path, type: 'other', size: 0, body: noBody, skip: async () => {} };
      }
    }
  }
  return {
    container: 'directory',
    entries: walk(''),
    close() {
      for (const s of streams) s.destroy();
    },
  };
}
