export { describeInput, type Redact } from './describe-input.js';
export { createIssueFormatter, type DocumentTables, type IssueFormatter } from './format-issues.js';
export type { DocumentIssue } from './issue.js';
export { findJsonError, invalidJsonIssue, type JsonErrorLocation, jsonErrorLocation, locate } from './json-error.js';
export { formatPath, normalizePath, type Path } from './path.js';
export { closeNames, unknownFieldFix } from './suggest-field.js';
