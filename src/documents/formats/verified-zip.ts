import { DEFAULT_ZIP_LIMITS, ZipArchive } from '../extraction/zip-archive';

/** Inflates every entry once, counting, so that lying size headers are caught before a parser trusts them. */
export async function openVerifiedZip(path: string, label: string): Promise<ZipArchive> {
  const archive = await ZipArchive.open(path, DEFAULT_ZIP_LIMITS, label);
  try {
    for (const name of archive.entries.keys()) if (!name.endsWith('/')) await archive.read(name, label);
  } catch (error) {
    archive.close();
    throw error;
  }
  return archive;
}
