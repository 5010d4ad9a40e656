/**
 * Versioned schema migrations, the same scheme for both dialects: a
 * schema_migrations table lists every applied version; on open each newer
 * version runs in its own transaction together with its row. A database that
 * holds a version this program does not know stops the start (it was opened by
 * a newer server; running on would write rows that server does not expect).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function assertKnownVersions(applied: number[], migrations: readonly Migration[], where: string): void {
  const latest = Math.max(0, ...migrations.map((m) => m.version));
  const newest = Math.max(0, ...applied);
  if (newest > latest) {
    throw new Error(`${where} 的数据库结构版本 ${newest} 比本程序支持的 ${latest} 更新：请升级服务器程序`);
  }
}

export const pendingMigrations = (applied: number[], migrations: readonly Migration[]): Migration[] =>
  migrations.filter((m) => !applied.includes(m.version)).sort((a, b) => a.version - b.version);
