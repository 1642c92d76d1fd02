import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  assertValid,
  bundleName,
  manifestPath,
  versionYamlPath,
  type CollectorRun,
  type Manifest,
} from '@studio-support/schema';
import { toolVersion } from '../version.js';
import { writeArchive } from './archive.js';
import type { Clock } from './clock.js';
import type { Staging } from './staging.js';

export interface FinalizeOptions {
  staging: Staging;
  clock: Clock;
  collectedAt: Date;
  target: Manifest['target'];
  options: Manifest['options'];
  collectors: CollectorRun[];
  /** -o FILE, else --output-dir DIR (default: the working directory). */
  outFile?: string;
  outputDir?: string;
}

export interface WrittenBundle {
  path: string;
  bytes: number;
  manifest: Manifest;
  partial: boolean;
}

/** Where the bundle goes: -o as given, else <dir>/studio-bundle-<stamp>.tar.gz. */
export function bundleOutputPath(collectedAt: Date, outFile?: string, outputDir?: string): string {
  if (outFile) return resolve(outFile);
  return resolve(outputDir ?? '.', `${bundleName(collectedAt)}.tar.gz`);
}

/**
 * Writes manifest.json (validated: a bundle never leaves with a manifest the analyzer would
 * reject) and troubleshoot's version.yaml marker, then packs the tarball.
 */
export async function finalizeBundle(o: FinalizeOptions): Promise<WrittenBundle> {
  await o.staging.writeText(
    versionYamlPath,
    `apiVersion: troubleshoot.sh/v1beta2\nkind: SupportBundle\nspec:\n  versionNumber: ${toolVersion}\n`,
  );
  const manifest: Manifest = {
    formatVersion: 1,
    tool: {
      name: 'studio-collect',
      version: toolVersion,
      node: o.clock.deterministic ? 'deterministic' : process.version,
    },
    collectedAt: o.collectedAt.toISOString(),
    deterministic: o.clock.deterministic,
    target: o.target,
    options: o.options,
    collectors: o.collectors,
    redaction: { counts: o.staging.redactor.counts() },
  };
  assertValid('manifest', manifest, manifestPath);
  await o.staging.writeOwnJson(manifestPath, manifest);
  const path = bundleOutputPath(o.collectedAt, o.outFile, o.outputDir);
  await mkdir(dirname(path), { recursive: true });
  const written = await writeArchive({
    stagingDir: o.staging.dir,
    files: o.staging.files().map(([p]) => p),
    rootName: bundleName(o.collectedAt),
    outFile: path,
    date: o.collectedAt,
  });
  return {
    path: written.path,
    bytes: written.bytes,
    manifest,
    partial: o.collectors.some((c) => c.status === 'partial' || c.status === 'failed'),
  };
}
