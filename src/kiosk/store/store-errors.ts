/** Store failures as sentences staff can act on (they appear as status.lastError on the staff panel). */

export type StoreErrorCode = 'quota' | 'no-snapshot' | 'cursor-mismatch' | 'closed' | 'failed';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function errorName(err: unknown): string {
  return (err as { name?: unknown } | null)?.name === undefined ? '' : String((err as { name: unknown }).name);
}

export function toStoreError(err: unknown, doing: string): StoreError {
  if (err instanceof StoreError) return err;
  const name = errorName(err);
  if (name === 'QuotaExceededError') {
    return new StoreError('quota', `${doing}失败：设备存储空间已满（QuotaExceededError），已保留原有内容。请清理设备存储或联系运维。`, {
      cause: err,
    });
  }
  if (name === 'InvalidStateError' || name === 'TransactionInactiveError') {
    return new StoreError('closed', `${doing}失败：本地数据库已关闭（可能正在升级），请重新加载页面。`, { cause: err });
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new StoreError('failed', `${doing}失败，已保留原有内容：${name ? `${name}: ` : ''}${detail}`, { cause: err });
}
