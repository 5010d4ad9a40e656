/** Refusals of the workflow, mapped to HTTP by the routes. Messages are for staff, in Chinese. */
import type { FieldProblem } from '../../../shared/content';

export type WorkflowErrorCode =
  | 'not-found'
  | 'forbidden'
  | 'invalid'
  | 'bad-request'
  | 'wrong-state'
  | 'same-person'
  | 'draft-conflict'
  | 'version-conflict'
  | 'open-draft-exists';

const STATUS: Record<WorkflowErrorCode, number> = {
  'not-found': 404,
  forbidden: 403,
  invalid: 422,
  'bad-request': 400,
  'wrong-state': 409,
  'same-person': 403,
  'draft-conflict': 409,
  'version-conflict': 409,
  'open-draft-exists': 409,
};

export class WorkflowError extends Error {
  readonly status: number;
  constructor(
    readonly code: WorkflowErrorCode,
    message: string,
    readonly extra: { problems?: FieldProblem[]; rows?: unknown[]; yours?: unknown; theirs?: unknown; draftId?: string } = {},
  ) {
    super(message);
    this.status = STATUS[code];
  }
  toBody() {
    return { error: this.code, message: this.message, ...this.extra };
  }
}
