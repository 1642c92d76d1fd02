/**
 * Hard caps applied while reading or extracting a bundle. A bundle that exceeds one is
 * refused with a BundleError naming the entry, before the damage is done (the caps are
 * checked on declared sizes first and on the bytes actually produced while streaming).
 */
export interface BundleLimits {
  /** Most entries (files, directories, links) an archive may hold. */
  maxEntries: number;
  /** Largest single file, uncompressed. */
  maxFileBytes: number;
  /** Largest total of all files, uncompressed. */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio (a zip bomb has ~1000). */
  maxRatio: number;
  /**
   * Ratios are judged only past this many uncompressed bytes: a small file of zeros
   * compresses absurdly well and is harmless.
   */
  ratioFloorBytes: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * Generous enough for a 1 GB log bundle (issue 10's benchmark), tight enough that a
 * hostile archive cannot fill a disk or run for an hour. Real logs compress 10-30x.
 */
export const defaultLimits: BundleLimits = {
  maxEntries: 200_000,
  maxFileBytes: 4 * GiB,
  maxTotalBytes: 16 * GiB,
  maxRatio: 200,
  ratioFloorBytes: 16 * MiB,
};
