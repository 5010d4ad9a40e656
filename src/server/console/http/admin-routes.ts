/** Accounts (admin), one's own password, and the audit log. */
import { Hono } from 'hono';
import * as v from 'valibot';
import { hashPassword, passwordProblem, verifyPassword } from '../accounts/passwords';
import { createUser, NewUserInput, UserInputError } from '../accounts/users';
import type { ConsoleStore } from '../console-store';
import { ROLES, type AuditFilter } from '../types';
import { WorkflowError } from '../workflow/errors';
import type { ConsoleEnv } from './env';
import { parseInput, readJson } from './helpers';

const UserPatch = v.object({
  displayName: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, '不能为空'), v.maxLength(40))),
  role: v.optional(v.picklist(ROLES, "角色必须是 'editor'、'reviewer' 或 'admin'")),
  departments: v.optional(v.nullable(v.array(v.string()))),
  halls: v.optional(v.nullable(v.array(v.string()))),
  disabled: v.optional(v.boolean()),
  password: v.optional(v.string()),
});

export function adminRoutes(deps: { consoleStore: ConsoleStore; now: () => Date }) {
  const { consoleStore, now } = deps;
  const app = new Hono<ConsoleEnv>();
  const requireAdmin = (user: ConsoleEnv['Variables']['user']) => {
    if (user.role !== 'admin') throw new WorkflowError('forbidden', '只有管理员可以管理账号');
  };
  const userProblem = (err: unknown) => {
    if (err instanceof UserInputError)
      return new WorkflowError('invalid', err.message, { problems: [{ field: err.field, message: err.message }] });
    return err;
  };

  app.get('/users', async (c) => {
    requireAdmin(c.get('user'));
    return c.json({ users: await consoleStore.listUsers() });
  });

  app.post('/users', async (c) => {
    const actor = c.get('user');
    requireAdmin(actor);
    const input = parseInput(NewUserInput, await readJson(c));
    try {
      return c.json({ user: await createUser(consoleStore, input, { id: actor.id, name: actor.username }, now()) }, 201);
    } catch (err) {
      throw userProblem(err);
    }
  });

  app.patch('/users/:id', async (c) => {
    const actor = c.get('user');
    requireAdmin(actor);
    const patch = parseInput(UserPatch, await readJson(c));
    const target = await consoleStore.getUser(c.req.param('id'));
    if (!target) throw new WorkflowError('not-found', '账号不存在');
    if (target.id === actor.id && (patch.disabled || (patch.role && patch.role !== 'admin'))) {
      throw new WorkflowError('forbidden', '不能停用自己或取消自己的管理员角色（避免系统没有管理员）');
    }
    const changes = [];
    const update: Record<string, unknown> = {};
    for (const key of ['displayName', 'role', 'departments', 'halls', 'disabled'] as const) {
      if (patch[key] === undefined) continue;
      const value =
        (key === 'departments' || key === 'halls') && Array.isArray(patch[key]) && (patch[key] as string[]).length === 0
          ? null
          : patch[key];
      update[key] = value;
      changes.push({ field: key, before: target[key], after: value });
    }
    if (patch.password !== undefined) {
      const problem = passwordProblem(patch.password, target.username);
      if (problem) throw new WorkflowError('invalid', problem, { problems: [{ field: 'password', message: problem }] });
      update.passwordHash = await hashPassword(patch.password);
      changes.push({ field: 'password', before: '（已隐藏）', after: '（已重置）' });
    }
    await consoleStore.updateUser(target.id, update, [
      { actorId: actor.id, actorName: actor.username, action: 'user.update', targetType: 'user', targetId: target.id, changes },
    ]);
    // Rights changed or account closed: existing sessions must not keep the old rights.
    if (patch.disabled || patch.role || patch.departments !== undefined || patch.halls !== undefined || patch.password !== undefined) {
      await consoleStore.deleteSessionsOfUser(target.id);
    }
    const { passwordHash: _omit, ...user } = (await consoleStore.getUser(target.id))!;
    return c.json({ user });
  });

  app.post('/account/password', async (c) => {
    const actor = c.get('user');
    const body = parseInput(v.object({ currentPassword: v.string(), newPassword: v.string() }), await readJson(c));
    const stored = await consoleStore.getUser(actor.id);
    if (!stored || !(await verifyPassword(body.currentPassword, stored.passwordHash))) {
      throw new WorkflowError('invalid', '当前密码不正确', { problems: [{ field: 'currentPassword', message: '当前密码不正确' }] });
    }
    const problem = passwordProblem(body.newPassword, actor.username);
    if (problem) throw new WorkflowError('invalid', problem, { problems: [{ field: 'newPassword', message: problem }] });
    await consoleStore.updateUser(actor.id, { passwordHash: await hashPassword(body.newPassword) }, [
      { actorId: actor.id, actorName: actor.username, action: 'user.password', targetType: 'user', targetId: actor.id },
    ]);
    return c.json({ ok: true });
  });

  /** Reviewers and admins see everything; editors see their own actions. */
  app.get('/audit', async (c) => {
    const user = c.get('user');
    const q = c.req.query();
    const instant = (name: 'from' | 'to') => {
      const value = q[name];
      if (!value) return undefined;
      const ms = Date.parse(value);
      if (Number.isNaN(ms) || !/(Z|[+-]\d{2}:\d{2})$/.test(value))
        throw new WorkflowError('bad-request', `${name}: 必须是带时区的 ISO 8601 时间`);
      return new Date(ms).toISOString();
    };
    const limit = q.limit ? Number(q.limit) : 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new WorkflowError('bad-request', 'limit: 必须是 1–1000 的整数');
    const filter: AuditFilter = {
      ...(q.action ? { action: q.action } : {}),
      ...(q.targetType ? { targetType: q.targetType } : {}),
      ...(q.targetId ? { targetId: q.targetId } : {}),
      ...(instant('from') ? { from: instant('from') } : {}),
      ...(instant('to') ? { to: instant('to') } : {}),
      limit,
      ...(q.beforeId ? { beforeId: Number(q.beforeId) } : {}),
      ...(user.role === 'editor' ? { actor: user.id } : q.actor ? { actor: q.actor } : {}),
    };
    return c.json({ entries: await consoleStore.listAudit(filter), timeZone: 'Asia/Shanghai' });
  });

  return app;
}
