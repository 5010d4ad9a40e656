/**
 * One's own account: changing the password (which ends one's other sessions)
 * and two-factor enrolment. These stay open while a forced step is pending;
 * requireReadyAccount() refuses everything else until it is done.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { hashPassword, passwordProblem, verifyPassword } from '../accounts/passwords';
import { checkTotp, newTotpSecret, totpUri } from '../accounts/totp';
import { pendingStep } from '../accounts/users';
import type { ConsoleStore } from '../console-store';
import { WorkflowError } from '../workflow/errors';
import type { ConsoleEnv } from './env';
import { jsonShape, parseInput, readJson } from './helpers';

const PasswordChange = v.object({
  currentPassword: v.pipe(v.string('当前密码必须是文本'), v.minLength(1, '请输入当前密码'), v.maxLength(200)),
  newPassword: v.pipe(v.string('新密码必须是文本'), v.minLength(1, '请输入新密码'), v.maxLength(200, '密码不能超过 200 个字符')),
});
const CodeInput = v.object({ code: v.pipe(v.string('验证码必须是文本'), v.trim(), v.regex(/^\d{6}$/, '验证码是 6 位数字')) });
const PasswordInput = v.object({ password: v.pipe(v.string('密码必须是文本'), v.minLength(1, '请输入密码'), v.maxLength(200)) });

const PENDING_MESSAGES = {
  'change-password': { error: 'password-change-required', message: '请先修改管理员为您设置的初始密码' },
  'enrol-totp': { error: 'totp-enrolment-required', message: '管理员账号必须先启用两步验证' },
} as const;

/** Until the user has changed an admin-set password (and an admin has enrolled two-factor), only /account/* answers. */
export function requireReadyAccount(store: ConsoleStore, requireAdminTotp: boolean): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (/^\/api\/console\/account(\/|$)/.test(c.req.path)) return next();
    const user = c.get('user');
    const pending = pendingStep(user, await store.getUserSecurity(user.id), requireAdminTotp);
    if (pending) return c.json(PENDING_MESSAGES[pending], 403);
    return next();
  };
}

export function accountRoutes(deps: { consoleStore: ConsoleStore; now: () => Date; requireAdminTotp: boolean }) {
  const { consoleStore, now } = deps;
  return (
    new Hono<ConsoleEnv>()
      .get('/account/security', async (c) => {
        const user = c.get('user');
        const security = await consoleStore.getUserSecurity(user.id);
        return c.json({
          totpEnabled: !!security.totpSecret,
          totpRequired: deps.requireAdminTotp && user.role === 'admin',
          mustChangePassword: security.mustChangePassword,
          pending: pendingStep(user, security, deps.requireAdminTotp),
        });
      })
      .post('/account/password', jsonShape(PasswordChange), async (c) => {
        const actor = c.get('user');
        const body = parseInput(PasswordChange, await readJson(c));
        const stored = await consoleStore.getUser(actor.id);
        if (!stored || !(await verifyPassword(body.currentPassword, stored.passwordHash))) {
          throw new WorkflowError('invalid', '当前密码不正确', { problems: [{ field: 'currentPassword', message: '当前密码不正确' }] });
        }
        if (body.newPassword === body.currentPassword) {
          throw new WorkflowError('invalid', '新密码不能与当前密码相同', {
            problems: [{ field: 'newPassword', message: '新密码不能与当前密码相同' }],
          });
        }
        const problem = passwordProblem(body.newPassword, actor.username, [actor.displayName]);
        if (problem) throw new WorkflowError('invalid', problem, { problems: [{ field: 'newPassword', message: problem }] });
        await consoleStore.updateUser(actor.id, { passwordHash: await hashPassword(body.newPassword) }, [
          { actorId: actor.id, actorName: actor.username, action: 'user.password', targetType: 'user', targetId: actor.id },
        ]);
        await consoleStore.setUserSecurity(actor.id, { mustChangePassword: false });
        // Whoever else holds a session of this account (a lost laptop, the person who knew the old password) is signed out.
        await consoleStore.deleteOtherSessionsOfUser(actor.id, c.get('session').idHash);
        return c.json({ ok: true });
      })
      /** Offers a new secret as a QR code's text; it takes effect once a code from it is confirmed. */
      .post('/account/totp/start', async (c) => {
        const user = c.get('user');
        const security = await consoleStore.getUserSecurity(user.id);
        if (security.totpSecret) throw new WorkflowError('wrong-state', '两步验证已经启用');
        const secret = newTotpSecret();
        await consoleStore.setUserSecurity(user.id, { totpPendingSecret: secret });
        return c.json({ secret, uri: totpUri(secret, user.username) });
      })
      .post('/account/totp/confirm', jsonShape(CodeInput), async (c) => {
        const user = c.get('user');
        const { code } = parseInput(CodeInput, await readJson(c));
        const security = await consoleStore.getUserSecurity(user.id);
        if (!security.totpPendingSecret) throw new WorkflowError('wrong-state', '请先开始启用两步验证');
        const counter = checkTotp(security.totpPendingSecret, code, now(), null);
        if (counter === null) {
          const message = '验证码不正确：请输入验证器应用中当前显示的 6 位数字，并确认手机时间准确';
          throw new WorkflowError('invalid', message, { problems: [{ field: 'code', message }] });
        }
        await consoleStore.setUserSecurity(
          user.id,
          { totpSecret: security.totpPendingSecret, totpPendingSecret: null, totpLastCounter: counter },
          [{ actorId: user.id, actorName: user.username, action: 'user.totp-enable', targetType: 'user', targetId: user.id }],
        );
        return c.json({ ok: true });
      })
      .post('/account/totp/disable', jsonShape(PasswordInput), async (c) => {
        const user = c.get('user');
        if (deps.requireAdminTotp && user.role === 'admin') throw new WorkflowError('forbidden', '管理员账号必须使用两步验证，不能关闭');
        const { password } = parseInput(PasswordInput, await readJson(c));
        const stored = await consoleStore.getUser(user.id);
        if (!stored || !(await verifyPassword(password, stored.passwordHash))) {
          throw new WorkflowError('invalid', '密码不正确', { problems: [{ field: 'password', message: '密码不正确' }] });
        }
        await consoleStore.setUserSecurity(user.id, { totpSecret: null, totpPendingSecret: null, totpLastCounter: null }, [
          { actorId: user.id, actorName: user.username, action: 'user.totp-disable', targetType: 'user', targetId: user.id },
        ]);
        return c.json({ ok: true });
      })
  );
}
