import type { KubeObject } from '../objects.js';
import type { PrintContext, Printer } from './table.js';

export type IncludeObject = 'None' | 'Object' | 'PartialObjectMetadata';

export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

/** PartialObjectMetadata of an object: what kubectl reads for NAMESPACE and --show-labels. */
export function partialMetadata(obj: KubeObject, apiVersion = 'meta.k8s.io/v1') {
  return { kind: 'PartialObjectMetadata', apiVersion, metadata: obj.metadata };
}

/** A meta.k8s.io Table of objects, with each row's object as includeObject asks. */
export function renderTable(
  printer: Printer,
  objects: readonly KubeObject[],
  ctx: PrintContext,
  includeObject: IncludeObject,
  metadata: ListMeta,
  apiVersion: string,
) {
  return {
    kind: 'Table',
    apiVersion,
    metadata,
    columnDefinitions: printer.columns,
    rows: objects.map((obj) => {
      const conditions = printer.conditions?.(obj);
      return {
        cells: printer.cells(obj, ctx),
        ...(conditions && { conditions }),
        ...(includeObject === 'Object' && { object: obj }),
        ...(includeObject === 'PartialObjectMetadata' && {
          object: partialMetadata(obj, apiVersion),
        }),
      };
    }),
  };
}
