// The harnesses other packages' tests reuse (packages/e2e makes VM fixtures with them).
export { generateKey, type KeyPair } from './keys.js';
export { startSshd, type Sshd, type SshdOptions } from './sshd.js';
export { sharedTempDir } from './system.js';
export { createTestUser, type TestUser } from './test-user.js';
export { createHostFixture, type HostFixture } from './host-fixture.js';
export {
  buildScenarioPath,
  type ScenarioPath,
  type Scenario as HostScenario,
} from './scenario-path.js';
