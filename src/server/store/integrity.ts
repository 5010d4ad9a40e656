/**
 * Start-up checks of content.db: a damaged database must stop the server with
 * a message that says what to do, not serve broken records under a valid
 * signature. Also gives the change log its epoch.
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

export class ContentDatabaseDamagedError extends Error {
  override readonly name = 'ContentDatabaseDamagedError';
}

function damaged(path: string, detail: string): ContentDatabaseDamagedError {
  return new ContentDatabaseDamagedError(
    `内容数据库 ${path} 已损坏（${detail}）。服务器拒绝启动，以免向终端发送损坏的内容。` +
      '请停止服务器，用最近的备份替换该文件（同时保留原有的 feed-key.pem），再启动；终端会按新的日志纪元自动重新下载。',
  );
}

const SQLITE_DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE']);

/** Runs `open` (pragmas, migration) and turns SQLite's corruption errors into a message staff can act on. */
export function openingDatabase<T>(path: string, open: () => T): T {
  try {
    return open();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && SQLITE_DAMAGE_CODES.has(code)) throw damaged(path, (error as Error).message);
    throw error;
  }
}

/**
 * PRAGMA integrity_check (pages, indexes) plus a JSON check of every stored
 * record and change: a flipped byte inside a record's text is valid SQLite but
 * would be served, signed, as invalid JSON.
 */
export function checkContentDatabase(db: Database.Database, path: string): void {
  openingDatabase(path, () => {
    const problems = (db.pragma('integrity_check(5)') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (problems.length !== 1 || problems[0] !== 'ok') throw damaged(path, `integrity_check: ${problems.join('; ')}`);
    const badRecords = db.prepare('SELECT count(*) AS n FROM records WHERE json IS NOT NULL AND NOT json_valid(json)').get() as {
      n: number;
    };
    const badChanges = db.prepare('SELECT count(*) AS n FROM changes WHERE json IS NOT NULL AND NOT json_valid(json)').get() as {
      n: number;
    };
    if (badRecords.n + badChanges.n > 0) {
      throw damaged(path, `${badRecords.n} 条记录、${badChanges.n} 条变更不是有效的 JSON`);
    }
  });
}

/** The epoch is made once, with the log; a database restored from a backup keeps the backup's epoch. */
export function ensureLogEpoch(db: Database.Database): string {
  db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', ?)").run(randomBytes(12).toString('hex'));
  return (db.prepare("SELECT value FROM meta WHERE key = 'epoch'").get() as { value: string }).value;
}
