export { writeArchive, type ArchiveOptions } from './archive.js';
export { deterministicClock, systemClock, type Clock } from './clock.js';
export { CollectorContext, type Collector } from './context.js';
export {
  bundleOutputPath,
  finalizeBundle,
  type FinalizeOptions,
  type WrittenBundle,
} from './finalize.js';
export { onInterrupt } from './interrupt.js';
export { CollectorRecord } from './record.js';
export { messageOf, runCollectors, type RunOptions } from './run.js';
export { Staging } from './staging.js';
export { writeTail, type TailCaps, type TailResult } from './tail-writer.js';
