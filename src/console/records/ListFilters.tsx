/** The filter controls above a record list; every control is labelled, and each change goes to the server as a query. */
import type { Option } from '../forms/specs';

export interface Filters {
  q: string;
  departmentId: string;
  state: '' | 'published' | 'draft' | 'review';
  scope: '' | 'global' | 'hall';
  /** '' any time, expired: no longer in force, upcoming: not yet in force. */
  timing: '' | 'expired' | 'upcoming';
  effectiveFrom: string;
  effectiveTo: string;
}

const TIMED = ['fee', 'notice', 'dutyShift', 'dutyException'];

export function ListFilters({
  type,
  filters,
  onChange,
  departments,
}: {
  type: string;
  filters: Filters;
  onChange: (f: Filters) => void;
  departments: Option[] | null;
}) {
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => onChange({ ...filters, [key]: value });
  const timed = TIMED.includes(type);
  return (
    <form class="toolbar filters" role="search" aria-label="筛选" onSubmit={(e) => e.preventDefault()}>
      <div class="form-group inline">
        <label class="label" for="search">
          搜索
        </label>
        <input
          id="search"
          class="input"
          type="search"
          aria-describedby="search-hint"
          value={filters.q}
          onInput={(e) => set('q', e.currentTarget.value)}
        />
        <p class="hint" id="search-hint">
          名称、编码、材料、俗称、拼音或首字母
        </p>
      </div>
      {departments ? (
        <div class="form-group inline">
          <label class="label" for="filter-dept">
            部门
          </label>
          <select id="filter-dept" class="input" value={filters.departmentId} onChange={(e) => set('departmentId', e.currentTarget.value)}>
            <option value="">全部部门</option>
            {departments.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div class="form-group inline">
        <label class="label" for="filter-state">
          状态
        </label>
        <select
          id="filter-state"
          class="input"
          value={filters.state}
          onChange={(e) => set('state', e.currentTarget.value as Filters['state'])}
        >
          <option value="">全部状态</option>
          <option value="published">已发布（无未完成草稿）</option>
          <option value="draft">草稿或已退回</option>
          <option value="review">审核中</option>
        </select>
      </div>
      <div class="form-group inline">
        <label class="label" for="filter-scope">
          发布范围
        </label>
        <select
          id="filter-scope"
          class="input"
          value={filters.scope}
          onChange={(e) => set('scope', e.currentTarget.value as Filters['scope'])}
        >
          <option value="">全部</option>
          <option value="global">全部终端</option>
          <option value="hall">仅某个大厅</option>
        </select>
      </div>
      {timed ? (
        <>
          <div class="form-group inline">
            <label class="label" for="filter-timing">
              时效
            </label>
            <select
              id="filter-timing"
              class="input"
              value={filters.timing}
              onChange={(e) => set('timing', e.currentTarget.value as Filters['timing'])}
            >
              <option value="">全部</option>
              <option value="expired">已失效</option>
              <option value="upcoming">尚未生效</option>
            </select>
          </div>
          <div class="form-group inline">
            <label class="label" for="filter-from">
              有效期内：从
            </label>
            <input
              id="filter-from"
              class="input"
              type="date"
              value={filters.effectiveFrom}
              onInput={(e) => set('effectiveFrom', e.currentTarget.value)}
            />
          </div>
          <div class="form-group inline">
            <label class="label" for="filter-to">
              到
            </label>
            <input
              id="filter-to"
              class="input"
              type="date"
              value={filters.effectiveTo}
              onInput={(e) => set('effectiveTo', e.currentTarget.value)}
            />
          </div>
        </>
      ) : null}
    </form>
  );
}
