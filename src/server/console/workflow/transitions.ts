/**
 * The draft life cycle as a table: which states each action starts from,
 * where it leads, who may take it, and the verb staff read in a refusal.
 *
 *   draft ─submit→ submitted ─approve→ approved ─publish→ published
 *     ▲  ◄─save/rebase─┘ │  └──reject──┐   │ └─reject/publish-failed─┐
 *     └──── save ◄── rejected ◄────────┴───┘                         │
 *   submitted ◄──────────────────────────────────────────────────────┘
 */
import type { Draft, DraftState } from '../types';
import { WorkflowError } from './errors';

export type DraftAction = 'save' | 'submit' | 'approve' | 'publish' | 'reject' | 'discard' | 'rebase' | 'publish-failed';

interface Transition {
  from: readonly DraftState[];
  to: DraftState;
  /** editor: may edit the record; reviewer: may review it (and is not its author); system: the scheduler. */
  by: 'editor' | 'reviewer' | 'system';
  verb: string;
}

export const TRANSITIONS: Record<DraftAction, Transition> = {
  save: { from: ['draft', 'rejected'], to: 'draft', by: 'editor', verb: '修改' },
  submit: { from: ['draft', 'rejected'], to: 'submitted', by: 'editor', verb: '提交审核' },
  approve: { from: ['submitted'], to: 'approved', by: 'reviewer', verb: '批准' },
  // An immediate approval takes approve and publish in one transaction; the scheduler publishes approved drafts when due.
  publish: { from: ['approved'], to: 'published', by: 'system', verb: '发布' },
  reject: { from: ['submitted', 'approved'], to: 'rejected', by: 'reviewer', verb: '退回' },
  discard: { from: ['draft', 'rejected', 'submitted'], to: 'discarded', by: 'editor', verb: '放弃' },
  rebase: { from: ['draft', 'rejected', 'submitted'], to: 'draft', by: 'editor', verb: '合并' },
  // A scheduled publish that failed goes back to review, so nobody believes it is live.
  'publish-failed': { from: ['approved'], to: 'submitted', by: 'system', verb: '退回待审核' },
};

export const STATE_NAMES: Record<DraftState, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已批准（待发布）',
  published: '已发布',
  rejected: '已退回',
  discarded: '已放弃',
};

/** The state the action leads to, or a refusal naming the draft's current state. */
export function transition(draft: Pick<Draft, 'state'>, action: DraftAction): DraftState {
  const t = TRANSITIONS[action];
  if (!t.from.includes(draft.state)) throw new WorkflowError('wrong-state', `草稿当前状态为「${STATE_NAMES[draft.state]}」，不能${t.verb}`);
  return t.to;
}
