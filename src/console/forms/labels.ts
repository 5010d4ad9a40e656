/** Turns a field path ("materials[2].copies") into the label staff see ("申请材料 第 3 项 › 复印件份数"). */
import type { Field } from './specs';

export function labelForPath(fields: Field[], path: string): string {
  const parts = path.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  const out: string[] = [];
  let current: Field[] | undefined = fields;
  let variantFields: Field[] | undefined;
  for (const part of parts) {
    if (part.startsWith('[')) {
      out.push(`第 ${Number(part.slice(1, -1)) + 1} 项`);
      continue;
    }
    const pool: Field[] = [...(current ?? []), ...(variantFields ?? [])];
    const f = pool.find((x) => x.key === part);
    if (!f) {
      out.push(part);
      current = undefined;
      continue;
    }
    out.push(f.label);
    current = f.kind === 'group' || f.kind === 'list' ? f.fields : undefined;
    variantFields = f.kind === 'variant' ? f.variants.flatMap((v) => v.fields) : undefined;
  }
  return out.join(' › ');
}
