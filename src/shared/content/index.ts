/**
 * The content model shared by server, kiosk and console: one valibot schema
 * per record type, the TypeScript types derived from them, and one validator
 * that names the field and the rule when a record is refused.
 */
export * from './common';
export * from './department';
export * from './duty';
export * from './fee';
export * from './guide';
export * from './hall';
export * from './lexicon';
export * from './notice';
export * from './official';
// Split out so code that only needs these does not pull every schema into its bundle.
export * from './problems';
export * from './media-refs';
export * from './validate';
export * from './references';
