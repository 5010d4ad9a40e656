export { diffRecords, type RecordChange } from './diff';
export { fieldLabel, FIELD_LABELS, VALUE_LABELS } from './labels';
export { displayValue, formatInstant, valueText, HALL_TIME_ZONE, type DisplayValue, type MediaValue } from './values';
