import { since } from '../human-duration.js';
import { ageColumn, col, nameColumn, type Printer } from './table.js';

interface StorageClassLike {
  metadata: { annotations?: Record<string, string> };
  provisioner?: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
}

const defaultAnnotations = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];

export const storageClassPrinter: Printer = {
  resource: 'storageclasses',
  columns: [
    nameColumn,
    col('Provisioner', 'string', 'provisioner indicates the type of the provisioner.'),
    col(
      'ReclaimPolicy',
      'string',
      'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.',
    ),
    col(
      'VolumeBindingMode',
      'string',
      'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.',
    ),
    col(
      'AllowVolumeExpansion',
      'string',
      'allowVolumeExpansion shows whether the storage class allow volume expand.',
    ),
    ageColumn,
  ],
  cells(obj, { now }) {
    const sc = obj as unknown as StorageClassLike;
    const isDefault = defaultAnnotations.some((a) => sc.metadata.annotations?.[a] === 'true');
    return [
      isDefault ? `${obj.metadata.name} (default)` : obj.metadata.name,
      sc.provisioner ?? '',
      sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate',
      sc.allowVolumeExpansion ?? false,
      since(obj.metadata.creationTimestamp, now),
    ];
  },
};
