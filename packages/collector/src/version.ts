/** Kept equal to package.json's version by version.test.ts (bundled binaries cannot read package.json). */
export const toolVersion = '0.1.0';
