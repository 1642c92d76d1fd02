import {
  envOutput,
  recordGuideChecks,
  studioNamespace as ns,
  type ExecAnswer,
  type Obj,
  type Scenario,
} from '../scenario/index.js';
import { canaries, healthyStudio } from './scenarios.js';

export interface ExecStudio {
  scenario: Scenario;
  /** The pods the collector runs the checks in: the first Ready backend and frontend by name. */
  backendPod: Obj;
  frontendPod: Obj;
  /** The backend pod's environment as its `env` prints it (canaries included). */
  env: string;
}

const byName = (a: Obj, b: Obj) => (a.metadata.name < b.metadata.name ? -1 : 1);

/**
 * The healthy Studio with what its containers answer to the collector's --exec-checks
 * (`python` and `nslookup` are not in the images; `python3` and `getent` are), with canaries
 * in the backend's environment. `faults` replaces answers by check.
 */
export async function execStudio(
  faults: { database?: ExecAnswer; health?: ExecAnswer; dns?: ExecAnswer } = {},
): Promise<ExecStudio> {
  const { scenario: s } = await healthyStudio();
  const inNs = s.all('Pod').filter((p) => p.metadata.namespace === ns);
  const backendPod = inNs.filter((p) => p.metadata.name.includes('backend')).sort(byName)[0]!;
  const frontendPod = inNs.filter((p) => p.metadata.name.includes('frontend')).sort(byName)[0]!;
  const env = {
    DB_PASSWORD: canaries.envValue,
    DATABASE_URL: `postgresql://studio:${canaries.secretData}@datachain-studio-postgres:5432/studio`,
    LOG_LEVEL: 'info',
  };
  recordGuideChecks(
    s,
    {
      backend: backendPod,
      frontend: frontendPod,
      backendService: 'datachain-studio-backend',
      dnsServer: '10.43.0.10',
    },
    { ...faults, env },
  );
  return { scenario: s, backendPod, frontendPod, env: envOutput(s, backendPod, env) };
}
