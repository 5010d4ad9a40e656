/**
 * Hall scoping rules, in one place: a hall's kiosks see 'global' records and
 * their own 'hall:<id>' records; a mirror (hall = null) sees everything.
 */
export function scopesVisibleTo(hallId: string): [string, string] {
  return ['global', `hall:${hallId}`];
}

/**
 * When a record moves from oldScope to newScope, some kiosks that had it can
 * no longer see it and would keep showing it forever unless the log tells
 * them to delete it. That happens unless the new scope is global (everyone
 * still sees it) or nothing changed.
 */
export function scopeMoveNeedsTombstone(oldScope: string, newScope: string): boolean {
  return oldScope !== newScope && newScope !== 'global';
}
