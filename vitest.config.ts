import { defineConfig } from 'vitest/config';

// One Vitest project per workspace package, so `npx vitest` at the root runs
// everything and `npm test -w <pkg>` runs one package.
export default defineConfig({
  test: {
    projects: ['packages/*'],
  },
});
