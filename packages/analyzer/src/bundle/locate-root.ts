import { posix } from 'node:path';
import { manifestPath, versionYamlPath } from '@studio-support/schema';
import { BundleError } from './errors.js';

export type BundleFormat = 'studio' | 'troubleshoot' | 'cluster-info-dump';

export interface BundleRoot {
  /** Directory of the bundle relative to the archive top, '' when it is the top. */
  root: string;
  format: BundleFormat;
}

const depth = (dir: string): number => (dir === '' ? 0 : dir.split('/').length);

/** The shallowest directory among `dirs`; two at the same depth are ambiguous. */
function shallowest(label: string, dirs: Set<string>, what: string): string | undefined {
  const sorted = [...dirs].sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
  const [first, second] = sorted;
  if (first === undefined) return undefined;
  if (second !== undefined && depth(second) === depth(first)) {
    throw new BundleError(
      `${label}: expected one bundle, got ${what} in both ${JSON.stringify(first || '.')} and ${JSON.stringify(second || '.')}`,
    );
  }
  return first;
}

function dirsHolding(paths: readonly string[], test: (rest: string) => boolean): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 0; i < parts.length; i++) {
      if (test(parts.slice(i).join('/'))) out.add(parts.slice(0, i).join('/'));
    }
  }
  return out;
}

/**
 * Finds the bundle root among the files of an archive or directory: our manifest.json,
 * else troubleshoot's version.yaml, else a troubleshoot tree without it (sbctl's test
 * bundle has only cluster-info/ and cluster-resources/), else the layout of `kubectl
 * cluster-info dump --output-directory` (nodes.json beside <namespace>/pods.json).
 */
export function locateRoot(label: string, files: Iterable<string>): BundleRoot {
  const paths = [...files];
  const named = (name: string): Set<string> =>
    new Set(paths.filter((p) => posix.basename(p) === name).map((p) => dirOf(p)));

  const studio = shallowest(label, named(manifestPath), manifestPath);
  const troubleshoot = shallowest(label, named(versionYamlPath), versionYamlPath);
  // A manifest.json deeper than a version.yaml is some file inside a troubleshoot bundle.
  if (
    studio !== undefined &&
    (troubleshoot === undefined || depth(studio) <= depth(troubleshoot))
  ) {
    return { root: studio, format: 'studio' };
  }
  if (troubleshoot !== undefined) return { root: troubleshoot, format: 'troubleshoot' };
  const bare = shallowest(
    label,
    dirsHolding(
      paths,
      (rest) =>
        rest.startsWith('cluster-resources/') || rest === 'cluster-info/cluster_version.json',
    ),
    'cluster-resources/',
  );
  if (bare !== undefined) return { root: bare, format: 'troubleshoot' };
  const nodes = named('nodes.json');
  const dump = new Set(
    [...dirsHolding(paths, (rest) => /^[^/]+\/pods\.json$/.test(rest))].filter((d) => nodes.has(d)),
  );
  const dumpRoot = shallowest(label, dump, 'nodes.json');
  if (dumpRoot !== undefined) return { root: dumpRoot, format: 'cluster-info-dump' };
  throw new BundleError(
    `${label}: no support bundle found: expected manifest.json (studio-collect), version.yaml or cluster-resources/ (troubleshoot), or nodes.json with <namespace>/pods.json (kubectl cluster-info dump); got ${paths.length === 0 ? 'no files' : `${paths.length} file${paths.length === 1 ? '' : 's'} without any of them`}`,
  );
}

function dirOf(path: string): string {
  const d = posix.dirname(path);
  return d === '.' ? '' : d;
}

/** `path` relative to `root`, or undefined when it lies outside. */
export function underRoot(root: string, path: string): string | undefined {
  if (root === '') return path;
  return path.startsWith(root + '/') ? path.slice(root.length + 1) : undefined;
}
