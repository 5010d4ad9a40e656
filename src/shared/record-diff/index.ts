export { diffRecords, type RecordChange } from './diff';
export { fieldLabel } from './labels';
export { valueText, type DisplayValue } from './values';
