/**
 * A record diff (src/shared/record-diff) as a table: one row per change, the
 * field named in Chinese, values in words, images as thumbnails old | new.
 */
import type { DisplayValue, RecordChange } from '../../shared/record-diff';

function Value({ value, label }: { value: DisplayValue; label: string }) {
  if ('text' in value) return <>{value.text}</>;
  const { sha256, type, alt } = value.media;
  if (type.startsWith('image/'))
    return (
      <a href={`/media/${sha256}`} target="_blank" rel="noreferrer">
        <img class="diff-thumb" src={`/media/${sha256}`} alt={alt || label} />
      </a>
    );
  return <a href={`/media/${sha256}`}>查看文件（{alt || type}）</a>;
}

/** An added or removed item: its fields named one by one when the diff has them, else its summary. */
function Item({ change }: { change: Extract<RecordChange, { kind: 'added' | 'removed' }> }) {
  if (!change.fields?.length)
    return (
      <>
        第 {change.position + 1} 项：
        <Value value={change.item} label={change.label} />
      </>
    );
  return (
    <>
      第 {change.position + 1} 项
      <dl class="diff-item">
        {change.fields.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd>
              <Value value={f.value} label={`${change.label} ${f.label}`} />
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

const KIND_NAMES: Record<RecordChange['kind'], string> = { changed: '修改', added: '新增', removed: '删除', moved: '移动' };

export function ChangeList({ changes, beforeTitle, afterTitle }: { changes: RecordChange[]; beforeTitle: string; afterTitle: string }) {
  if (!changes.length) return <p class="hint">没有改动。</p>;
  return (
    <table class="table diff-table">
      <thead>
        <tr>
          <th scope="col">改动</th>
          <th scope="col">内容</th>
          <th scope="col">{beforeTitle}</th>
          <th scope="col">{afterTitle}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={`${c.kind}:${c.path}`} class={`diff-row diff-row--${c.kind}`}>
            <td>
              <span class={`tag tag--diff-${c.kind}`}>{KIND_NAMES[c.kind]}</span>
            </td>
            <th scope="row">{c.label}</th>
            {c.kind === 'changed' ? (
              <>
                <td>
                  <Value value={c.before} label={`${c.label}（${beforeTitle}）`} />
                </td>
                <td>
                  <Value value={c.after} label={`${c.label}（${afterTitle}）`} />
                </td>
              </>
            ) : c.kind === 'moved' ? (
              <>
                <td>第 {c.from + 1} 项</td>
                <td>第 {c.to + 1} 项</td>
              </>
            ) : c.kind === 'added' ? (
              <>
                <td>—</td>
                <td>
                  <Item change={c} />
                </td>
              </>
            ) : (
              <>
                <td>
                  <Item change={c} />
                </td>
                <td>—</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
