export * from './load-config';
export * from './staff-pin';
