import { studioComponents } from './component.js';
import { imageRepository, imageTag } from './containers.js';
import type { Facts, FactCollection, FactItem } from './types.js';

export const imagesCollection: FactCollection = {
  name: 'images',
  doc: 'The image of every container of every workload in scope, by component.',
  fields: {
    namespace: { type: 'string', doc: 'Namespace.' },
    component: { type: 'string', doc: 'Studio component.' },
    workload: { type: 'string', doc: 'Workload name.' },
    image: { type: 'string', doc: 'Full image reference.' },
    repository: { type: 'string', doc: 'Image without its tag.' },
    tag: { type: 'string', doc: 'Tag (or digest).' },
  },
};

export function buildImages(_ctx: unknown, facts: Facts): FactItem[] {
  return (facts.workloads ?? []).flatMap((w) =>
    (w.images as string[]).map((image) => ({
      namespace: w.namespace,
      component: w.component,
      workload: w.name,
      image,
      repository: imageRepository(image),
      tag: imageTag(image),
      evidence: w.evidence,
    })),
  );
}

export const releasesCollection: FactCollection = {
  name: 'releases',
  doc: 'One item summarizing the release tags the Studio application components (backend, frontend, worker) run.',
  fields: {
    components: { type: 'strings', doc: 'component=tag for each application component found.' },
    tags: { type: 'strings', doc: 'The distinct tags.' },
    distinctTags: { type: 'number', doc: 'How many distinct tags.' },
  },
};

export function buildReleases(_ctx: unknown, facts: Facts): FactItem[] {
  const app = new Set<string>(studioComponents.filter((c) => !['database', 'redis'].includes(c)));
  const images = (facts.images ?? []).filter((i) => app.has(String(i.component)));
  if (images.length === 0) return [];
  const components = [
    ...new Set(images.map((i) => `${String(i.component)}=${String(i.tag)}`)),
  ].sort();
  const tags = [...new Set(images.map((i) => String(i.tag)))].sort();
  return [
    {
      components,
      tags,
      distinctTags: tags.length,
      evidence: images.flatMap((i) => i.evidence),
    },
  ];
}
