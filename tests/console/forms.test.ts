/**
 * The console's forms cover every field of every content type (so nothing
 * can only be edited by hand in JSON), and a blank new record of each type
 * has every list and group in place (so the form can render it).
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { labelForPath } from '../../src/console/forms/labels';
import { emptyRecord, FORMS, type Field } from '../../src/console/forms/specs';
import { RECORD_SCHEMAS, RECORD_TYPES, validateRecordOfType } from '../../src/shared/content';

const ENVELOPE = new Set(['id', 'version', 'updatedAt', 'type']);

function entriesOf(schema: v.GenericSchema): Record<string, v.GenericSchema> | null {
  const s = schema as unknown as { entries?: Record<string, v.GenericSchema>; pipe?: v.GenericSchema[]; wrapped?: v.GenericSchema };
  if (s.entries) return s.entries;
  if (s.pipe) return entriesOf(s.pipe[0]!);
  if (s.wrapped) return entriesOf(s.wrapped);
  return null;
}

function keysOf(fields: Field[]): Map<string, Field> {
  return new Map(fields.map((f) => [f.key, f]));
}

describe('edit forms', () => {
  it.each(RECORD_TYPES)('%s: every schema field has a form control, and no control is unknown to the schema', (type) => {
    const entries = entriesOf(RECORD_SCHEMAS[type] as v.GenericSchema)!;
    const schemaKeys = Object.keys(entries).filter((k) => !ENVELOPE.has(k));
    const formKeys = keysOf(FORMS[type]!);
    expect([...formKeys.keys()].sort()).toEqual(schemaKeys.sort());
  });

  it.each(RECORD_TYPES)('%s: a blank record has the shape of the schema (only field values are missing)', (type) => {
    const result = validateRecordOfType(type, {
      ...emptyRecord(type),
      type,
      id: 'x-1',
      version: 1,
      updatedAt: '2026-11-23T10:00:00+08:00',
    });
    if (result.ok) return;
    // Only "fill this in" problems are allowed: nothing about wrong types or missing structure.
    for (const p of result.problems) expect(p.message, `${p.field}: ${p.message}`).not.toMatch(/Invalid type|Invalid key/);
  });

  it('turns a problem path into the labels staff see', () => {
    expect(labelForPath(FORMS.guide!, 'materials[2].copies')).toBe('申请材料 › 第 3 项 › 复印件份数');
    expect(labelForPath(FORMS.fee!, 'amount.minFen')).toBe('收费标准（金额） › 最低（元）');
    expect(labelForPath(FORMS.guide!, 'place.windows')).toBe('办理地点 › 窗口');
  });
});
