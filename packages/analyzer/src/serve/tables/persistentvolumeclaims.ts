import { since } from '../human-duration.js';
import { ageColumn, col, nameColumn, type Printer } from './table.js';

interface PvcLike {
  metadata: { annotations?: Record<string, string>; deletionTimestamp?: string | null };
  spec?: {
    volumeName?: string;
    storageClassName?: string;
    volumeAttributesClassName?: string;
    volumeMode?: string;
  };
  status?: { phase?: string; accessModes?: string[]; capacity?: { storage?: string } };
}

/** helper.GetAccessModesAsString: abbreviations in a fixed order. */
function accessModes(modes: string[] | undefined): string {
  const order: [string, string][] = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  return order
    .filter(([mode]) => modes?.includes(mode))
    .map(([, short]) => short)
    .join(',');
}

export const persistentVolumeClaimPrinter: Printer = {
  resource: 'persistentvolumeclaims',
  columns: [
    nameColumn,
    col('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
    col(
      'Volume',
      'string',
      'volumeName is the binding reference to the PersistentVolume backing this claim.',
    ),
    col('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    col(
      'Access Modes',
      'string',
      'accessModes contains the actual access modes the volume backing the PVC has.',
    ),
    col('StorageClass', 'string', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn,
    col(
      'VolumeMode',
      'string',
      'volumeMode defines what type of volume is required by the claim.',
      1,
    ),
  ],
  cells(obj, { now }) {
    const pvc = obj as unknown as PvcLike;
    const bound = Boolean(pvc.spec?.volumeName);
    const storageClass =
      pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ??
      pvc.spec?.storageClassName ??
      '';
    return [
      obj.metadata.name,
      pvc.metadata.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? ''),
      pvc.spec?.volumeName ?? '',
      bound ? (pvc.status?.capacity?.storage ?? '') : '',
      bound ? accessModes(pvc.status?.accessModes) : '',
      storageClass,
      pvc.spec?.volumeAttributesClassName ?? '<unset>',
      since(obj.metadata.creationTimestamp, now),
      pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
};
