export * from './generated/types.js';
export { schemaObjects, type SchemaName } from './generated/schemas.js';
export { ajv, validate, assertValid, type ValidationError } from './validate.js';
export { causeIds, causeLayers, isCauseId, type CauseLayer } from './causes.js';
export * from './paths.js';
export * from './resources.js';
export { parseQuantityNanos, quantityMillis, quantityValue } from './quantity.js';
