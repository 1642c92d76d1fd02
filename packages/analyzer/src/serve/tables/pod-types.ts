/** The parts of a v1 Pod the printer reads (JSON field names). */
export interface ContainerState {
  waiting?: { reason?: string } | null;
  running?: { startedAt?: string } | null;
  terminated?: {
    reason?: string;
    exitCode?: number;
    signal?: number;
    finishedAt?: string | null;
  } | null;
}

export interface ContainerStatus {
  name?: string;
  ready?: boolean;
  restartCount?: number;
  started?: boolean | null;
  state?: ContainerState;
  lastState?: ContainerState;
}

export interface PodLike {
  metadata: { name: string; deletionTimestamp?: string | null; creationTimestamp?: string | null };
  spec?: {
    containers?: { name?: string; image?: string }[];
    initContainers?: { name?: string; restartPolicy?: string }[];
    nodeName?: string;
    readinessGates?: { conditionType: string }[];
  };
  status?: {
    phase?: string;
    reason?: string;
    conditions?: { type: string; status: string; reason?: string }[];
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
    podIP?: string;
    podIPs?: { ip: string }[];
    nominatedNodeName?: string;
  };
}
