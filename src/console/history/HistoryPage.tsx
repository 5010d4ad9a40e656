/**
 * A record's published versions: who wrote and who approved each, and when;
 * a diff between any two; an old version restored as a new draft for review.
 */
import { useEffect, useState } from 'preact/hooks';
import { diffRecords } from '../../shared/record-diff';
import { call, client, params, type Answer } from '../client';
import { ChangeList } from '../drafts/ChangeList';
import { formatTime, recordTitle, TYPE_NAMES } from '../format';
import { linkProps, navigate } from '../router';

const record = client.records[':type'][':id'];
type History = Answer<typeof record.history.$get>;
type Version = History['versions'][number];

const versionName = (v: Version) => (v.op === 'delete' ? `撤下（序号 ${v.seq}）` : `版本 ${v.version}`);
const keyOf = (v: Version) => `${v.op}:${v.version ?? ''}:${v.seq ?? ''}`;

export function HistoryPage({ type, id }: { type: string; id: string }) {
  const [data, setData] = useState<History | null>(null);
  const [error, setError] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  useEffect(() => {
    call(record.history.$get({ param: params({ type, id }) }))
      .then((r) => {
        setData(r);
        const puts = r.versions.filter((v) => v.data);
        setTo(puts[0] ? keyOf(puts[0]) : '');
        setFrom(puts[1] ? keyOf(puts[1]) : puts[0] ? keyOf(puts[0]) : '');
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : '载入失败'));
  }, [type, id]);

  const restore = async (version: number) => {
    setError('');
    try {
      const r = await call(record.restore.$post({ param: params({ type, id }), json: { version } }));
      navigate(`/drafts/${r.draft.id}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : '恢复失败');
    }
  };

  if (error && !data)
    return (
      <p class="error-message" role="alert">
        {error}
      </p>
    );
  if (!data) return <p role="status">正在载入…</p>;
  const withData = data.versions.filter((v) => v.data);
  const a = withData.find((v) => keyOf(v) === from);
  const b = withData.find((v) => keyOf(v) === to);
  const title = recordTitle(withData[0]?.data ?? { id });
  const blocked = data.openDrafts.length > 0;

  return (
    <>
      <p class="caption">
        {TYPE_NAMES[type]} · {id}
      </p>
      <h1>版本历史：{title}</h1>
      {data.withdrawn ? <p class="notice">此记录已从终端撤下；恢复旧版本会在批准后重新发布。</p> : null}
      {error ? (
        <p class="error-message" role="alert">
          {error}
        </p>
      ) : null}
      {blocked ? (
        <p class="notice">
          此记录已有未完成的草稿，要恢复旧版本请先完成或放弃它：
          {data.openDrafts.map((d) => (
            <a key={d.id} {...linkProps(`/drafts/${d.id}`)}>
              打开草稿
            </a>
          ))}
        </p>
      ) : null}
      <table class="table" data-testid="history">
        <thead>
          <tr>
            <th scope="col">版本</th>
            <th scope="col">发布时间</th>
            <th scope="col">作者</th>
            <th scope="col">审核人</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {data.versions.map((v) => (
            <tr key={keyOf(v)}>
              <th scope="row">
                {versionName(v)}
                {v.version === data.currentVersion ? <span class="tag tag--published">当前</span> : null}
              </th>
              <td>{formatTime(v.at)}</td>
              <td>{v.outsideConsole ? '控制台之外发布（初始数据或脚本）' : v.author}</td>
              <td>{v.outsideConsole ? '—' : (v.reviewer ?? '—')}</td>
              <td>
                {v.data && data.editable && !blocked && v.version !== data.currentVersion ? (
                  <button
                    class="button button--small button--secondary"
                    type="button"
                    onClick={() => v.version !== null && void restore(v.version)}
                  >
                    恢复{versionName(v)}为新草稿
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.missingBefore ? (
        <p class="hint">版本 1–{data.missingBefore - 1} 没有保存：它们在控制台记录版本之前发布，终端数据源也已压缩掉被替换的旧版本。</p>
      ) : null}
      {withData.length > 1 ? (
        <section aria-labelledby="compare-title">
          <h2 id="compare-title">比较两个版本</h2>
          <div class="compare-pickers">
            <div class="form-group">
              <label class="label" for="compare-from">
                旧版本
              </label>
              <select class="input" id="compare-from" value={from} onChange={(e) => setFrom(e.currentTarget.value)}>
                {withData.map((v) => (
                  <option key={keyOf(v)} value={keyOf(v)}>
                    {versionName(v)}
                  </option>
                ))}
              </select>
            </div>
            <div class="form-group">
              <label class="label" for="compare-to">
                新版本
              </label>
              <select class="input" id="compare-to" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
                {withData.map((v) => (
                  <option key={keyOf(v)} value={keyOf(v)}>
                    {versionName(v)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {a && b ? (
            <ChangeList changes={diffRecords(type, a.data, b.data)} beforeTitle={versionName(a)} afterTitle={versionName(b)} />
          ) : null}
        </section>
      ) : null}
    </>
  );
}
