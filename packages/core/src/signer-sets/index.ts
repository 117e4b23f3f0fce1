export { signerSetDigest } from './digest.js';
