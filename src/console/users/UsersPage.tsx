/** Accounts (admin only): roles, department and hall limits, disabling, password resets. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type FieldProblem } from '../api-error';
import { call, client, params, type Answer } from '../client';
import { useSession } from '../app/session';
import { ErrorSummary } from '../forms/ErrorSummary';
import { formatTime, ROLE_NAMES } from '../format';

const LABELS: Record<string, string> = {
  username: '用户名',
  displayName: '姓名',
  password: '初始密码（至少 10 个字符）',
  role: '角色',
  departments: '限定部门',
  halls: '限定大厅',
};

type UserRow = Answer<typeof client.users.$get>['users'][number];
/** The row being edited, with the new password typed in (empty: unchanged). */
type Editing = UserRow & { password?: string };

export function UsersPage() {
  const { user: me, lookups } = useSession();
  const [users, setUsers] = useState<UserRow[]>([]);
  const [form, setForm] = useState({
    username: '',
    displayName: '',
    password: '',
    role: 'editor' as UserRow['role'],
    departments: [] as string[],
    halls: [] as string[],
  });
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [message, setMessage] = useState('');
  const load = () =>
    call(client.users.$get())
      .then((r) => setUsers(r.users))
      .catch((e) => setMessage(e.message));
  useEffect(() => {
    void load();
  }, []);

  const create = async (e: Event) => {
    e.preventDefault();
    try {
      await call(client.users.$post({ json: form }));
      setForm((prev) => ({ ...prev, username: '', displayName: '', password: '' }));
      setProblems([]);
      await load();
      setMessage(`已创建账号 ${form.username}`);
    } catch (err) {
      setProblems(err instanceof ApiError ? (err.body.problems ?? [{ field: '', message: err.message }]) : []);
    }
  };
  const [editing, setEditing] = useState<Editing | null>(null);
  const saveEdit = async (e: Event) => {
    e.preventDefault();
    try {
      if (!editing) return;
      await call(
        client.users[':id'].$patch({
          param: params({ id: editing.id }),
          json: {
            role: editing.role,
            departments: editing.departments ?? [],
            halls: editing.halls ?? [],
            ...(editing.password ? { password: editing.password } : {}),
          },
        }),
      );
      setEditing(null);
      // The notice comes after the table reloads, so nobody reads it beside the old row.
      await load();
      setMessage(`已修改账号 ${editing.username}（其登录会话已结束，需要重新登录）`);
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  const toggle = async (u: UserRow) => {
    try {
      await call(client.users[':id'].$patch({ param: params({ id: u.id }), json: { disabled: !u.disabled } }));
      await load();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  const act = async (request: () => Promise<unknown>, done: string) => {
    try {
      await request();
      await load();
      setMessage(done);
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  const names = (ids: string[] | null, pool: { value: string; label: string }[]) =>
    ids ? ids.map((id) => pool.find((p) => p.value === id)?.label ?? id).join('、') : '全部';
  const multi = (key: 'departments' | 'halls', pool: { value: string; label: string }[]) => (
    <fieldset class="fieldset">
      <legend class="label">{LABELS[key]}（不选表示全部）</legend>
      <div class="checks-grid">
        {pool.map((o) => (
          <div class="checkbox" key={o.value}>
            <input
              type="checkbox"
              id={`u-${key}-${o.value}`}
              checked={form[key].includes(o.value)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setForm((prev) => ({ ...prev, [key]: on ? [...prev[key], o.value] : prev[key].filter((x) => x !== o.value) }));
              }}
            />
            <label for={`u-${key}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );

  return (
    <>
      <h1>账号</h1>
      {message ? (
        <p class="notice" role="status">
          {message}
        </p>
      ) : null}
      <table class="table">
        <thead>
          <tr>
            <th scope="col">用户名</th>
            <th scope="col">姓名</th>
            <th scope="col">角色</th>
            <th scope="col">部门</th>
            <th scope="col">大厅</th>
            <th scope="col">登录安全</th>
            <th scope="col">状态</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>{ROLE_NAMES[u.role]}</td>
              <td>{names(u.departments, lookups.departments)}</td>
              <td>{names(u.halls, lookups.halls)}</td>
              <td>
                {u.totpEnabled ? '已启用两步验证' : '未启用两步验证'}
                {u.mustChangePassword ? <div class="hint">首次登录须改密码</div> : null}
                {u.lockedUntil ? (
                  <div>
                    登录失败 {u.failedLogins} 次，{formatTime(u.lockedUntil)} 前不能再试{' '}
                    <button
                      class="button button--secondary button--small"
                      onClick={() =>
                        void act(() => call(client.users[':id'].unlock.$post({ param: params({ id: u.id }) })), `已解锁账号 ${u.username}`)
                      }
                      aria-label={`解锁 ${u.username}`}
                    >
                      解锁
                    </button>
                  </div>
                ) : null}
                {u.totpEnabled && u.id !== me.id ? (
                  <button
                    class="button button--secondary button--small"
                    onClick={() =>
                      void act(
                        () => call(client.users[':id'].$patch({ param: params({ id: u.id }), json: { resetTotp: true } })),
                        `已重置 ${u.username} 的两步验证（下次登录时重新启用）`,
                      )
                    }
                    aria-label={`重置 ${u.username} 的两步验证`}
                  >
                    重置两步验证
                  </button>
                ) : null}
              </td>
              <td>
                {u.disabled ? '已停用' : '正常'}{' '}
                {u.id !== me.id ? (
                  <>
                    <button
                      class="button button--secondary button--small"
                      onClick={() => void toggle(u)}
                      aria-label={`${u.disabled ? '启用' : '停用'} ${u.username}`}
                    >
                      {u.disabled ? '启用' : '停用'}
                    </button>
                    <button
                      class="button button--secondary button--small"
                      onClick={() => setEditing({ ...u, password: '' })}
                      aria-label={`修改 ${u.username}`}
                    >
                      修改
                    </button>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing ? (
        <form class="review" onSubmit={saveEdit} aria-labelledby="edit-user-title" noValidate>
          <h2 id="edit-user-title">修改账号 {editing.username}</h2>
          <div class="form-group">
            <label class="label" for="e-role">
              角色
            </label>
            <select
              class="input"
              id="e-role"
              value={editing.role}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setEditing((p) => p && { ...p, role: v as UserRow['role'] });
              }}
            >
              {Object.entries(ROLE_NAMES).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          {(['departments', 'halls'] as const).map((key) => (
            <fieldset class="fieldset" key={key}>
              <legend class="label">{LABELS[key]}（不选表示全部）</legend>
              <div class="checks-grid">
                {(key === 'departments' ? lookups.departments : lookups.halls).map((o) => (
                  <div class="checkbox" key={o.value}>
                    <input
                      type="checkbox"
                      id={`e-${key}-${o.value}`}
                      checked={(editing[key] ?? []).includes(o.value)}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setEditing(
                          (p) =>
                            p && {
                              ...p,
                              [key]: on ? [...(p[key] ?? []), o.value] : (p[key] ?? []).filter((x) => x !== o.value),
                            },
                        );
                      }}
                    />
                    <label for={`e-${key}-${o.value}`}>{o.label}</label>
                  </div>
                ))}
              </div>
            </fieldset>
          ))}
          <div class="form-group">
            <label class="label" for="e-password">
              重置密码（选填，至少 10 个字符）
            </label>
            <input
              class="input"
              id="e-password"
              type="password"
              autoComplete="new-password"
              value={editing.password}
              onInput={(e) => {
                const v = e.currentTarget.value;
                setEditing((p) => p && { ...p, password: v });
              }}
            />
          </div>
          <button class="button" type="submit">
            保存修改
          </button>
          <button class="button button--secondary" type="button" onClick={() => setEditing(null)}>
            取消
          </button>
        </form>
      ) : null}
      <h2>新建账号</h2>
      <p class="hint">新账号首次登录时必须把初始密码改成自己的密码；管理员账号还须启用两步验证。</p>
      <ErrorSummary title="请修改以下内容" problems={problems} labels={(f) => LABELS[f] ?? f} />
      <form onSubmit={create} noValidate>
        {(['username', 'displayName', 'password'] as const).map((f) => (
          <div class="form-group" key={f}>
            <label class="label" for={`f-${f}`}>
              {LABELS[f]}
            </label>
            <input
              class="input"
              id={`f-${f}`}
              type={(f === 'password' ? 'password' : 'text') as 'text'}
              autoComplete={f === 'password' ? 'new-password' : 'off'}
              value={form[f]}
              onInput={(e) => {
                const v = e.currentTarget.value;
                setForm((prev) => ({ ...prev, [f]: v }));
              }}
            />
          </div>
        ))}
        <div class="form-group">
          <label class="label" for="f-role">
            {LABELS.role}
          </label>
          <select
            class="input"
            id="f-role"
            value={form.role}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setForm((prev) => ({ ...prev, role: v as UserRow['role'] }));
            }}
          >
            {Object.entries(ROLE_NAMES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        {multi('departments', lookups.departments)}
        {multi('halls', lookups.halls)}
        <button class="button" type="submit">
          创建账号
        </button>
      </form>
    </>
  );
}
