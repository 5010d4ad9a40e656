/** A refusal from the console API, carrying the server's body (field problems, import rows, conflicts). */
import type { FieldProblem } from '../shared/content';

export type { FieldProblem };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: {
      error?: string;
      message?: string;
      problems?: FieldProblem[];
      rows?: { row: number; column: string; message: string }[];
      /** A version conflict: the edit that was refused, and the record (or the other person's draft) it met. */
      yours?: Record<string, unknown>;
      theirs?: Record<string, unknown> & { data?: Record<string, unknown>; revision?: number };
      draftId?: string;
    },
  ) {
    super(body.message ?? `HTTP ${status}`);
  }
}
