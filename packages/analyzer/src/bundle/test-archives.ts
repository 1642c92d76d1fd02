import { writeFile } from 'node:fs/promises';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import tar from 'tar-stream';

/**
 * Test helpers that write archives entry by entry, including the hostile ones no honest
 * tool produces (names with '..', links out of the bundle, bombs), so the reader's
 * refusals are tested against real tar and zip bytes.
 */
export interface TestEntry {
  name: string;
  /** File content; omitted for directories and links. */
  data?: string | Buffer;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'fifo';
  linkname?: string;
}

export async function tarBytes(entries: TestEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const c of pack as AsyncIterable<Buffer>) chunks.push(c);
  })();
  for (const e of entries) {
    const type = e.type ?? 'file';
    await new Promise<void>((resolve, reject) => {
      const header = { name: e.name, type, linkname: e.linkname, mode: 0o644 };
      if (type === 'file') {
        pack.entry(header, Buffer.from(e.data ?? ''), (err) => (err ? reject(err) : resolve()));
      } else {
        pack.entry(header, (err) => (err ? reject(err) : resolve()));
      }
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export async function writeTarGz(path: string, entries: TestEntry[]): Promise<void> {
  await writeFile(path, gzipSync(await tarBytes(entries)));
}

/** A minimal zip writer (deflate, Unix modes) for crafting test archives. */
export async function writeZip(path: string, entries: TestEntry[]): Promise<void> {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const type = e.type ?? 'file';
    const name = Buffer.from(e.name);
    const raw = Buffer.from(type === 'symlink' ? (e.linkname ?? '') : (e.data ?? ''));
    const packed = type === 'directory' ? raw : deflateRawSync(raw);
    const method = type === 'directory' ? 0 : 8;
    const mode = type === 'symlink' ? 0o120777 : type === 'directory' ? 0o040755 : 0o100644;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so external attributes hold the mode
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(packed.length, 20);
    cd.writeUInt32LE(raw.length, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE((mode << 16) >>> 0, 38);
    cd.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    central.push(cd, name);
    offset += local.length + name.length + packed.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  await writeFile(path, Buffer.concat([...locals, cdBytes, end]));
}
