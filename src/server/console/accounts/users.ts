/** Creating accounts, shared by the API, the one-time setup link and `npm run admin:create`. */
import * as v from 'valibot';
import type { ConsoleStore } from '../console-store';
import { ROLES, type AuditInput, type StoredUser, type User } from '../types';
import { hashPassword, passwordProblem } from './passwords';
import { newId } from './tokens';
import type { UserSecurity } from '../types';

/** What a signed-in user must do before anything else, or null. */
export type PendingStep = 'change-password' | 'enrol-totp' | null;

export function pendingStep(user: Pick<User, 'role'>, security: UserSecurity, requireAdminTotp: boolean): PendingStep {
  if (security.mustChangePassword) return 'change-password';
  if (requireAdminTotp && user.role === 'admin' && !security.totpSecret) return 'enrol-totp';
  return null;
}

export const NewUserInput = v.object({
  username: v.pipe(v.string('用户名必须是文本'), v.trim(), v.regex(/^[A-Za-z0-9._-]{3,40}$/, '用户名为 3–40 个字母、数字、点、下划线或 -')),
  displayName: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(40, '姓名不能超过 40 个字符'))),
  password: v.string('密码必须是文本'),
  role: v.picklist(ROLES, "角色必须是 'editor'、'reviewer' 或 'admin'"),
  departments: v.optional(v.nullable(v.array(v.string())), null),
  halls: v.optional(v.nullable(v.array(v.string())), null),
});
export type NewUserInput = v.InferOutput<typeof NewUserInput>;

export class UserInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export async function createUser(
  store: ConsoleStore,
  input: NewUserInput,
  actor: { id: string | null; name: string },
  now: Date,
  options: { mustChangePassword?: boolean } = {},
): Promise<User> {
  const problem = passwordProblem(input.password, input.username, [input.displayName ?? '']);
  if (problem) throw new UserInputError('password', problem);
  if (await store.getUserByUsername(input.username)) throw new UserInputError('username', '用户名已存在');
  const user: StoredUser = {
    id: newId('user'),
    username: input.username,
    displayName: input.displayName || input.username,
    role: input.role,
    departments: input.departments?.length ? input.departments : null,
    halls: input.halls?.length ? input.halls : null,
    disabled: false,
    createdAt: now.toISOString(),
    passwordHash: await hashPassword(input.password),
  };
  const audit: AuditInput = {
    actorId: actor.id,
    actorName: actor.name,
    action: 'user.create',
    targetType: 'user',
    targetId: user.id,
    changes: [
      { field: 'username', before: null, after: user.username },
      { field: 'role', before: null, after: user.role },
      { field: 'departments', before: null, after: user.departments },
      { field: 'halls', before: null, after: user.halls },
    ],
  };
  // The security row first: a crash between the two leaves an unused row, never an account without its forced change.
  if (options.mustChangePassword) await store.setUserSecurity(user.id, { mustChangePassword: true });
  await store.createUser(user, [audit]);
  const { passwordHash: _omit, ...publicUser } = user;
  return publicUser;
}
