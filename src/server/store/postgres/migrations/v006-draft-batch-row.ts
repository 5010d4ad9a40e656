/**
 * Version 6 (issue 15): each import-batch draft keeps its row number in the import file, so a
 * batch lists its items in the file's order. Null for drafts not from an import and for those
 * made before this version (content.db version 6 in SQLite).
 */
export const sql = `
ALTER TABLE drafts ADD COLUMN batch_row INTEGER;
`;
