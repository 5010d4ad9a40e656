/** Working days and the holiday calendar (national holidays and 调休 make-up workdays). */
export * from './calendar';
export * from './local-date';
export * from './national-2026-2027';
