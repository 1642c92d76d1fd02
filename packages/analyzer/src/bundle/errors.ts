/**
 * An expected failure caused by the input (a corrupt or hostile archive, no bundle root,
 * a cap exceeded). The CLI prints its message as one line and exits 2, without a stack.
 */
export class BundleError extends Error {
  override name = 'BundleError';
}
