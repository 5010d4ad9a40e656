export * from './server-clock';
export * from './zoned';
export * from './format';
