export { BundleError } from './errors.js';
export { defaultLimits, type BundleLimits } from './limits.js';
export {
  walkBundle,
  type WalkOptions,
  type WalkResult,
  type WalkedFile,
  type BodyHandler,
} from './walk.js';
export { locateRoot, underRoot, type BundleFormat, type BundleRoot } from './locate-root.js';
export { readBundle, type Bundle, type ReadOptions } from './read.js';
export { extractBundle, locateBundleRoot, type ExtractedBundle } from './extract.js';
export { isDocumentPath, isLogPath } from './classify.js';
export type { ContainerKind } from './sources/entry.js';
