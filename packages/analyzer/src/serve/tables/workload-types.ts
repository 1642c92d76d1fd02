/** The parts of apps/batch workloads the printers read (JSON field names). */
export interface PodTemplateLike {
  spec?: {
    containers?: { name?: string; image?: string }[];
    nodeSelector?: Record<string, string>;
  };
}

export interface SelectorLike {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface WorkloadLike {
  spec?: {
    replicas?: number;
    selector?: SelectorLike;
    template?: PodTemplateLike;
  };
  status?: Record<string, unknown>;
}

export const containersWide = 'Names of each container in the template.';
export const imagesWide = 'Images referenced by each container in the template.';
