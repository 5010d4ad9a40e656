/** Import (validated whole; errors row by row; nothing written unless all valid) and export of fees, officials and rosters. */
import { useState } from 'preact/hooks';
import { ApiError } from '../api-error';
import { call, client, params, type Answer } from '../client';
import { TYPE_NAMES } from '../format';
import { linkProps } from '../router';

const TYPES = ['fee', 'official', 'dutyShift', 'dutyException'];
const imports = client.import[':type'];
type ImportResult = Answer<typeof imports.$post>;

export function ImportPage() {
  const [type, setType] = useState('fee');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [failure, setFailure] = useState<{ message: string; rows: { row: number; column: string; message: string }[] } | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setResult(null);
    setFailure(null);
    if (!file) return setFailure({ message: '请选择要导入的文件', rows: [] });
    setBusy(true);
    try {
      setResult(await call(imports.$post({ param: params({ type }), form: { file } })));
    } catch (err) {
      setFailure({ message: err instanceof Error ? err.message : '导入失败', rows: err instanceof ApiError ? (err.body.rows ?? []) : [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>导入导出</h1>
      <section>
        <h2>导出</h2>
        <p>导出的文件可以在 Excel 中修改后再导入；不修改直接导入不会产生任何变更。</p>
        <ul class="link-list">
          {TYPES.map((t) => (
            <li key={t}>
              {TYPE_NAMES[t]}：
              <a href={`/api/console/export/${t}?format=xlsx`} download>
                Excel（XLSX）
              </a>{' '}
              ·{' '}
              <a href={`/api/console/export/${t}?format=csv`} download>
                CSV
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>导入</h2>
        <p>整份文件先全部检查：只要有一处错误，就不会导入任何内容。通过检查后生成一批草稿，整批提交审核、整批发布。</p>
        {failure ? (
          <div class="error-summary" role="alert" tabIndex={-1}>
            <h3 class="error-summary-title">{failure.message}</h3>
            {failure.rows.length ? (
              <table class="table">
                <caption class="visually-hidden">逐行错误</caption>
                <thead>
                  <tr>
                    <th scope="col">行</th>
                    <th scope="col">列</th>
                    <th scope="col">问题</th>
                  </tr>
                </thead>
                <tbody>
                  {failure.rows.map((r, i) => (
                    <tr key={i}>
                      <td>第 {r.row} 行</td>
                      <td>{r.column}</td>
                      <td>{r.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </div>
        ) : null}
        {result ? (
          <p class="notice" role="status">
            {result.batchId ? (
              <>
                检查通过：新增 {result.created} 条，修改 {result.changed} 条，未变 {result.unchanged} 条。已生成草稿批次，请到{' '}
                <a {...linkProps('/')}>待办</a> 整批提交审核。
              </>
            ) : (
              `检查通过，没有任何变更（${result.unchanged} 条与已发布内容相同）。`
            )}
          </p>
        ) : null}
        <form onSubmit={submit} noValidate>
          <div class="form-group">
            <label class="label" for="import-type">
              内容类型
            </label>
            <select class="input" id="import-type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
              {TYPES.map((t) => (
                <option key={t} value={t}>
                  {TYPE_NAMES[t]}
                </option>
              ))}
            </select>
          </div>
          <div class="form-group">
            <label class="label" for="import-file">
              文件（.xlsx，或 UTF-8、GBK 编码的 .csv）
            </label>
            <input
              id="import-file"
              type="file"
              accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
          </div>
          <button class="button" type="submit" disabled={busy}>
            {busy ? '正在检查…' : '检查并导入'}
          </button>
        </form>
      </section>
    </>
  );
}
