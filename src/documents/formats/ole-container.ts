import { open, type FileHandle } from 'node:fs/promises';

/** The signature of an OLE compound file ("Compound File Binary": legacy Office files, encrypted OOXML). */
export const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const END_OF_CHAIN = 0xfffffffe;
/** A hostile file can make sector chains loop or run long: we read at most this many directory sectors. */
const MAX_DIRECTORY_SECTORS = 4096;
const MAX_FAT_SECTORS = 1 << 16;

interface OleStream {
  name: string;
  startSector: number;
  size: number;
}

/**
 * The streams an OLE compound file holds (MS-CFB): enough to tell a Word 97–2003 document
 * (`WordDocument`) from an encrypted OOXML package (`EncryptedPackage`) or a workbook, and to read
 * the first bytes of a large stream. Read from the file sector by sector, never whole.
 */
class OleContainer {
  private constructor(
    private readonly file: FileHandle,
    private readonly sectorSize: number,
    private readonly fat: Uint32Array,
    readonly streams: OleStream[],
  ) {}

  /** The container's directory, or null when the file is not a readable OLE container. */
  static async read(path: string): Promise<OleContainer | null> {
    const file = await open(path, 'r');
    try {
      const header = Buffer.alloc(512);
      await file.read(header, 0, 512, 0);
      if (!OLE_SIGNATURE.every((b, i) => header[i] === b)) throw new Error('not OLE');
      const sectorShift = header.readUInt16LE(0x1e);
      if (sectorShift !== 9 && sectorShift !== 12) throw new Error('bad sector size');
      const sectorSize = 1 << sectorShift;
      const fatSectorCount = Math.min(header.readUInt32LE(0x2c), MAX_FAT_SECTORS);
      const firstDirectorySector = header.readUInt32LE(0x30);
      const readSector = async (sector: number) => {
        const buffer = Buffer.alloc(sectorSize);
        const { bytesRead } = await file.read(buffer, 0, sectorSize, (sector + 1) * sectorSize);
        return buffer.subarray(0, bytesRead);
      };
      // The FAT's own sectors: 109 listed in the header, the rest in the DIFAT chain.
      const fatSectors: number[] = [];
      for (let i = 0; i < 109 && fatSectors.length < fatSectorCount; i++) fatSectors.push(header.readUInt32LE(0x4c + i * 4));
      let difat = header.readUInt32LE(0x44);
      for (let hops = 0; fatSectors.length < fatSectorCount && difat < END_OF_CHAIN && hops < MAX_FAT_SECTORS; hops++) {
        const sector = await readSector(difat);
        const perSector = sectorSize / 4 - 1;
        for (let i = 0; i < perSector && fatSectors.length < fatSectorCount; i++) fatSectors.push(sector.readUInt32LE(i * 4));
        difat = sector.readUInt32LE(perSector * 4);
      }
      const fat = new Uint32Array((fatSectors.length * sectorSize) / 4);
      for (const [i, sector] of fatSectors.entries()) {
        const bytes = await readSector(sector);
        for (let j = 0; j * 4 + 4 <= bytes.length; j++) fat[i * (sectorSize / 4) + j] = bytes.readUInt32LE(j * 4);
      }
      const streams: OleStream[] = [];
      let sector = firstDirectorySector;
      for (let hops = 0; sector < END_OF_CHAIN && hops < MAX_DIRECTORY_SECTORS; hops++) {
        const bytes = await readSector(sector);
        for (let at = 0; at + 128 <= bytes.length; at += 128) {
          const nameLength = bytes.readUInt16LE(at + 0x40);
          const type = bytes[at + 0x42];
          if (type !== 2 || nameLength < 2 || nameLength > 64) continue; // 2: a stream
          const name = bytes.toString('utf16le', at, at + nameLength - 2);
          streams.push({ name, startSector: bytes.readUInt32LE(at + 0x74), size: bytes.readUInt32LE(at + 0x78) });
        }
        sector = sector < fat.length ? fat[sector] : END_OF_CHAIN;
      }
      return new OleContainer(file, sectorSize, fat, streams);
    } catch {
      // Truncated or damaged: not a container we can read (the handle stays open only for one that was read).
      await file.close();
      return null;
    }
  }

  has(name: string): boolean {
    return this.streams.some((s) => s.name === name);
  }

  /** The first bytes of a stream stored in regular sectors (streams of 4 KB and more); null otherwise. */
  async head(name: string, bytes: number): Promise<Buffer | null> {
    const stream = this.streams.find((s) => s.name === name);
    if (!stream || stream.size < 4096 || stream.startSector >= this.fat.length) return null;
    const buffer = Buffer.alloc(Math.min(bytes, this.sectorSize));
    const { bytesRead } = await this.file.read(buffer, 0, buffer.length, (stream.startSector + 1) * this.sectorSize);
    return buffer.subarray(0, bytesRead);
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/** What an OLE file holds, as far as the formats care: the names of its streams, and whether a Word document in it is encrypted. */
export async function oleSummary(path: string): Promise<{ streams: Set<string>; wordEncrypted: boolean } | null> {
  const container = await OleContainer.read(path);
  if (!container) return null;
  try {
    // The FIB's flags (MS-DOC 2.5.2): bit 8, fEncrypted.
    const fib = await container.head('WordDocument', 16);
    const wordEncrypted = !!fib && fib.length >= 12 && (fib.readUInt16LE(0x0a) & 0x0100) !== 0;
    return { streams: new Set(container.streams.map((s) => s.name)), wordEncrypted };
  } finally {
    await container.close();
  }
}
