export {
  type ReadRegistryEntryErrorType,
  type ReadRegistryEntryParameters,
  type ReadRegistryEntryReturnType,
  readRegistryEntry,
} from './read-registry-entry.js';
