import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES } from './built-in-roles';
import { renderPermissionsDoc } from './render-permissions-doc';
import { parseRoleRules } from './role-rule-schema';
import { SUBJECT_ACTIONS } from './subject-actions';
import { SUBJECT_FIELDS, type TFieldSpec } from './subject-fields';
import { ACTION_NAMES, CONCRETE_SUBJECT_NAMES } from './vocabulary';

describe('permission vocabulary', () => {
  it('gives every concrete subject fields and actions from the action table', () => {
    for (const subject of CONCRETE_SUBJECT_NAMES) {
      expect(Object.keys(SUBJECT_FIELDS[subject]).length, subject).toBeGreaterThan(0);
      expect(SUBJECT_ACTIONS[subject].every((a) => ACTION_NAMES.includes(a)), subject).toBe(true);
    }
  });

  it('describes every field, lists enum values and allows placeholders only where they fit', () => {
    for (const subject of CONCRETE_SUBJECT_NAMES) {
      const fields: Record<string, TFieldSpec> = SUBJECT_FIELDS[subject];
      for (const [name, spec] of Object.entries(fields)) {
        const where = `${subject}.${name}`;
        expect(spec.description.length, where).toBeGreaterThan(3);
        expect(spec.type === 'enum' ? (spec.values?.length ?? 0) > 0 : spec.values === undefined, where).toBe(true);
        if (spec.placeholder) expect(spec.filterable, where).toBe(true);
        if (spec.placeholder === '${actor.id}') expect(['uuid', 'string'], where).toContain(spec.type);
        if (spec.placeholder === '${actor.region}' || spec.placeholder === '${actor.roleKeys}') expect(spec.type, where).toBe('string');
      }
    }
  });

  it('accepts every built-in role through the same validation as edited roles', () => {
    for (const role of BUILT_IN_ROLES) expect(parseRoleRules(role.rules), role.key).toEqual(role.rules);
  });
});

describe('docs/permissions.md', () => {
  it('is up to date with the vocabulary (run `npm run docs:permissions`)', () => {
    const committed = readFileSync(path.resolve(process.cwd(), 'docs/permissions.md'), 'utf8');
    expect(committed).toBe(renderPermissionsDoc());
  });
});
