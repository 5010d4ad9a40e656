/**
 * Database and disk failures said plainly: a full disk or a broken database
 * answers with what happened and that nothing was saved, instead of a generic
 * 500 (and a PostgreSQL that went away a 503). The codes are SQLite's (better-sqlite3 puts them on SqliteError.code;
 * extended codes such as SQLITE_IOERR_WRITE start with the primary one) and
 * Node's ENOSPC for files written beside the database.
 */
export interface DatabaseFailure {
  status: 500 | 503 | 507;
  error:
    'disk-full' | 'database-unavailable' | 'database-busy' | 'database-read-only' | 'database-corrupt' | 'database-io' | 'database-error';
  /** For staff, in Chinese. */
  message: string;
  /** For kiosks and logs, in English. */
  english: string;
  retryAfterSeconds?: number;
}

const NOTHING_SAVED = '本次操作没有保存任何内容';

/** Node's socket errors and PostgreSQL's SQLSTATE classes that mean "the database server is away", not "the request was wrong". */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
const isPostgresUnavailable = (code: string) =>
  CONNECTION_CODES.has(code) || code.startsWith('08') || code.startsWith('57P') || code.startsWith('53');
/** node-postgres reports a connection lost mid-query or a pool timeout with a message and no code. */
const LOST_CONNECTION =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection closed/;

const UNAVAILABLE: DatabaseFailure = {
  status: 503,
  error: 'database-unavailable',
  message: `暂时无法连接数据库：${NOTHING_SAVED}，请稍后重试。`,
  english: 'The database is unreachable for the moment: nothing was saved. Retry shortly.',
  retryAfterSeconds: 5,
};

export function databaseFailureOf(err: unknown): DatabaseFailure | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return err instanceof Error && LOST_CONNECTION.test(err.message) ? UNAVAILABLE : null;
  if (isPostgresUnavailable(code)) return UNAVAILABLE;
  // Serialisation failure or deadlock: PostgreSQL rolled the transaction back; trying again succeeds.
  if (code === '40001' || code === '40P01')
    return {
      status: 503,
      error: 'database-busy',
      message: `数据库正忙：${NOTHING_SAVED}，请稍后重试。`,
      english: 'The database is busy: nothing was saved. Retry shortly.',
      retryAfterSeconds: 1,
    };
  if (code === 'SQLITE_FULL' || code === 'ENOSPC')
    return {
      status: 507,
      error: 'disk-full',
      message: `服务器磁盘已满，数据库无法写入：${NOTHING_SAVED}。请管理员清理磁盘空间后重试。`,
      english: 'The server disk is full: nothing was saved. Free disk space on the server and retry.',
    };
  if (!code.startsWith('SQLITE_')) return null;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return {
      status: 503,
      error: 'database-busy',
      message: `数据库正忙：${NOTHING_SAVED}，请稍后重试。`,
      english: 'The database is busy: nothing was saved. Retry shortly.',
      retryAfterSeconds: 5,
    };
  if (code.startsWith('SQLITE_READONLY'))
    return {
      status: 503,
      error: 'database-read-only',
      message: `数据库当前只读（文件权限或磁盘挂载问题）：${NOTHING_SAVED}。请联系管理员。`,
      english: 'The database is read-only: nothing was saved. Check file permissions and the disk.',
    };
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
    return {
      status: 500,
      error: 'database-corrupt',
      message: `数据库文件已损坏：${NOTHING_SAVED}。请联系管理员从备份恢复。`,
      english: 'The database file is corrupt: nothing was saved. Restore it from a backup.',
    };
  if (code.startsWith('SQLITE_IOERR'))
    return {
      status: 500,
      error: 'database-io',
      message: `读写数据库文件时磁盘出错（${code}）：${NOTHING_SAVED}。请联系管理员检查磁盘。`,
      english: `The disk failed while reading or writing the database (${code}): nothing was saved.`,
    };
  return {
    status: 500,
    error: 'database-error',
    message: `数据库出错（${code}）：${NOTHING_SAVED}。错误已记入服务器日志。`,
    english: `The database failed (${code}): nothing was saved. The error is in the server log.`,
  };
}
