/**
 * Accounts (admin): create (the person must change the password at first
 * login), change rights, disable, reset a password or two-factor, unlock an
 * account delayed by failed logins.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { hashPassword, passwordProblem } from '../accounts/passwords';
import { createUser, NewUserInput, UserInputError } from '../accounts/users';
import type { ConsoleStore } from '../console-store';
import { ROLES } from '../types';
import type { LoginLimiter } from './rate-limit';
import { WorkflowError } from '../workflow/errors';
import type { ConsoleEnv } from './env';
import { jsonShape, parseInput, readJson } from './helpers';

const UserPatch = v.object({
  displayName: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, '不能为空'), v.maxLength(40))),
  role: v.optional(v.picklist(ROLES, "角色必须是 'editor'、'reviewer' 或 'admin'")),
  departments: v.optional(v.nullable(v.array(v.string()))),
  halls: v.optional(v.nullable(v.array(v.string()))),
  disabled: v.optional(v.boolean()),
  password: v.optional(v.string()),
  /** The person lost their authenticator: they enrol again at next sign-in (admins must). */
  resetTotp: v.optional(v.literal(true, 'resetTotp 只能是 true')),
});

export function adminRoutes(deps: { consoleStore: ConsoleStore; now: () => Date; limiter: LoginLimiter }) {
  const { consoleStore, now, limiter } = deps;
  const requireAdmin = (user: ConsoleEnv['Variables']['user']) => {
    if (user.role !== 'admin') throw new WorkflowError('forbidden', '只有管理员可以管理账号');
  };
  const userProblem = (err: unknown) => {
    if (err instanceof UserInputError)
      return new WorkflowError('invalid', err.message, { problems: [{ field: err.field, message: err.message }] });
    return err;
  };

  return new Hono<ConsoleEnv>()
    .get('/users', async (c) => {
      requireAdmin(c.get('user'));
      const users = await consoleStore.listUsers();
      const withSecurity = await Promise.all(
        users.map(async (u) => {
          const security = await consoleStore.getUserSecurity(u.id);
          const lockedUntil = await limiter.lockedUntil(u.username);
          return {
            ...u,
            totpEnabled: !!security.totpSecret,
            mustChangePassword: security.mustChangePassword,
            failedLogins: await limiter.failureCount(u.username),
            lockedUntil: lockedUntil === null ? null : new Date(lockedUntil).toISOString(),
          };
        }),
      );
      return c.json({ users: withSecurity });
    })
    .post('/users', jsonShape(NewUserInput), async (c) => {
      const actor = c.get('user');
      requireAdmin(actor);
      const input = parseInput(NewUserInput, await readJson(c));
      try {
        const user = await createUser(consoleStore, input, { id: actor.id, name: actor.username }, now(), { mustChangePassword: true });
        return c.json({ user }, 201);
      } catch (err) {
        throw userProblem(err);
      }
    })
    .patch('/users/:id', jsonShape(UserPatch), async (c) => {
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
        const problem = passwordProblem(patch.password, target.username, [target.displayName]);
        if (problem) throw new WorkflowError('invalid', problem, { problems: [{ field: 'password', message: problem }] });
        update.passwordHash = await hashPassword(patch.password);
        changes.push({ field: 'password', before: '（已隐藏）', after: '（已重置，首次登录须修改）' });
      }
      if (patch.resetTotp) changes.push({ field: 'totp', before: '（已隐藏）', after: '（已重置，须重新启用）' });
      await consoleStore.updateUser(target.id, update, [
        { actorId: actor.id, actorName: actor.username, action: 'user.update', targetType: 'user', targetId: target.id, changes },
      ]);
      if (patch.password !== undefined || patch.resetTotp) {
        await consoleStore.setUserSecurity(target.id, {
          ...(patch.password !== undefined ? { mustChangePassword: true } : {}),
          ...(patch.resetTotp ? { totpSecret: null, totpPendingSecret: null, totpLastCounter: null } : {}),
        });
      }
      // Rights changed or account closed: existing sessions must not keep the old rights.
      if (
        patch.disabled ||
        patch.role ||
        patch.departments !== undefined ||
        patch.halls !== undefined ||
        patch.password !== undefined ||
        patch.resetTotp
      ) {
        await consoleStore.deleteSessionsOfUser(target.id);
      }
      const { passwordHash: _omit, ...user } = (await consoleStore.getUser(target.id))!;
      return c.json({ user });
    })
    .post('/users/:id/unlock', async (c) => {
      const actor = c.get('user');
      requireAdmin(actor);
      const target = await consoleStore.getUser(c.req.param('id'));
      if (!target) throw new WorkflowError('not-found', '账号不存在');
      await limiter.unlock(target.username);
      await consoleStore.appendAudit([
        { actorId: actor.id, actorName: actor.username, action: 'user.unlock', targetType: 'user', targetId: target.id },
      ]);
      return c.json({ ok: true });
    });
}
