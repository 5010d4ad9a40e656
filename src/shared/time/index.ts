export * from './server-clock';
export * from './zoned';
export * from './format';
export * from './opening-hours';
