import {
  BestPractice,
  type BestPractice as BestPracticeValue,
  CITIES,
  FOCUS_AREAS,
  PROJECT_STATUSES,
  StatusUpdate,
  type StatusUpdate as StatusUpdateValue,
} from '@ascn/domain';
import { z } from 'zod';
import { BadInput } from './errors.js';

export type FieldKind = 'text' | 'textarea' | 'number' | 'select' | 'multiselect' | 'urls';

export interface FieldSpec {
  name: string;
  /** At most 45 characters (Discord's modal label). */
  label: string;
  kind: FieldKind;
  required: boolean;
  options?: Array<{ value: string; label: string }>;
  /**
   * More options than a platform's plain select holds (Discord: 25): show a searchable
   * select or autocomplete; a typed value is matched against the options' values and labels.
   */
  searchable?: boolean;
  placeholder?: string;
  hint?: string;
  maxLength?: number;
}

/** At most this many inputs in one group: Discord's modal holds five. */
export const MAX_GROUP_FIELDS = 5;

export interface FieldGroup {
  title: string;
  fields: FieldSpec[];
}

export type FormId = 'status-update' | 'best-practice';

/**
 * A form declared once: Slack shows every group in one modal, Discord one group per modal
 * (in steps), the web page one HTML form. `context` says what the form is about (the round);
 * it travels in the platform's form id (see {@link encodeFormRef}).
 */
export interface FormSpec {
  id: FormId;
  /** At most 24 characters (Slack's modal title). */
  title: string;
  submitLabel: string;
  groups: FieldGroup[];
  context: Record<string, string>;
  /** What opens this form: a command (typed or slash) or a button. */
  openedBy: { command: string };
}

/** What a platform hands back: strings, or string lists for multi-selects. */
export type FormValues = Record<string, string | string[] | undefined>;

export type FormResult<T> =
  | { ok: true; value: T }
  | { ok: false; fieldErrors: Record<string, string>; formError?: string };

export const fieldsOf = (spec: FormSpec): FieldSpec[] => spec.groups.flatMap((g) => g.fields);

const statusOptions = Object.entries(PROJECT_STATUSES).map(([value, label]) => ({ value, label }));
const focusOptions = Object.entries(FOCUS_AREAS).map(([value, label]) => ({ value, label }));
const cityOptions = CITIES.map((c) => ({ value: c.id, label: c.name }));
const SELECT_LIMIT = 25;

const options = (list: Array<{ value: string; label: string }>) => ({
  options: list,
  ...(list.length > SELECT_LIMIT ? { searchable: true } : {}),
});

/**
 * The status form. A city's projects are offered by id (their names can be longer than a
 * platform's option value); what comes back is turned into the project's name on validation.
 */
export function statusUpdateForm(
  context: { roundId: number },
  projects: ReadonlyArray<{ id: string; name: string }> = [],
): FormSpec {
  return {
    id: 'status-update',
    title: 'Project status',
    submitLabel: 'Send status',
    context: { roundId: String(context.roundId) },
    openedBy: { command: 'status' },
    groups: [
      {
        title: 'Project',
        fields: [
          projects.length > 0
            ? {
                name: 'project',
                label: 'Project',
                kind: 'select',
                required: true,
                ...options(projects.map((p) => ({ value: p.id, label: p.name }))),
              }
            : {
                name: 'project',
                label: 'Project',
                kind: 'text',
                required: true,
                maxLength: 200,
                placeholder: 'Name of the action-plan project',
              },
          {
            name: 'status',
            label: 'Status',
            kind: 'select',
            required: true,
            options: statusOptions,
          },
          {
            name: 'progress',
            label: 'Progress (%)',
            kind: 'number',
            required: true,
            placeholder: '0 to 100',
          },
        ],
      },
      {
        title: 'Details',
        fields: [
          {
            name: 'highlights',
            label: 'Highlights',
            kind: 'textarea',
            required: false,
            maxLength: 2000,
          },
          {
            name: 'blockers',
            label: 'Blockers',
            kind: 'textarea',
            required: false,
            maxLength: 2000,
          },
          {
            name: 'helpNeeded',
            label: 'Help needed',
            kind: 'textarea',
            required: false,
            maxLength: 2000,
          },
        ],
      },
    ],
  };
}

export function bestPracticeForm(): FormSpec {
  return {
    id: 'best-practice',
    title: 'Share a best practice',
    submitLabel: 'Share',
    context: {},
    openedBy: { command: 'share' },
    groups: [
      {
        title: 'The practice',
        fields: [
          { name: 'title', label: 'Title', kind: 'text', required: true, maxLength: 150 },
          { name: 'city', label: 'City', kind: 'select', required: true, ...options(cityOptions) },
          {
            name: 'focusAreas',
            label: 'Focus areas',
            kind: 'multiselect',
            required: true,
            options: focusOptions,
          },
          { name: 'problem', label: 'Problem', kind: 'textarea', required: true, maxLength: 3000 },
          {
            name: 'solution',
            label: 'Solution',
            kind: 'textarea',
            required: true,
            maxLength: 3000,
          },
        ],
      },
      {
        title: 'Results and links',
        fields: [
          { name: 'results', label: 'Results', kind: 'textarea', required: false, maxLength: 3000 },
          { name: 'contact', label: 'Contact', kind: 'text', required: false, maxLength: 200 },
          {
            name: 'links',
            label: 'Links',
            kind: 'urls',
            required: false,
            hint: 'One https:// link per line',
          },
        ],
      },
    ],
  };
}

/** Turns what a platform sent into the shape the schema expects: lists split, blanks dropped. */
function normalise(fields: readonly FieldSpec[], values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = values[field.name];
    const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
    if (field.kind === 'multiselect')
      out[field.name] = list
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean);
    else if (field.kind === 'urls')
      out[field.name] = list.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
    else {
      const v = list[0]?.trim();
      if (v) out[field.name] = v;
    }
  }
  return out;
}

/** Only what the form asks for, as strings: what a draft keeps and a platform shows again. */
export function keptValues(spec: FormSpec, values: FormValues): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const field of fieldsOf(spec)) {
    const v = values[field.name];
    if (typeof v === 'string') out[field.name] = v.slice(0, 10_000);
    else if (Array.isArray(v))
      out[field.name] = v.filter((x) => typeof x === 'string').map((x) => x.slice(0, 2_000));
  }
  return out;
}

function validateWith<S extends z.ZodObject>(
  schema: S,
  fields: readonly FieldSpec[],
  values: FormValues,
): FormResult<z.output<S>> {
  const input = normalise(fields, values);
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? '');
    const field = fields.find((f) => f.name === name);
    if (!field) continue;
    // A missing required value gets the same plain words on every platform.
    fieldErrors[name] ??=
      issue.code === 'invalid_type' && input[name] === undefined
        ? `${field.label} is required`
        : issue.message;
  }
  return { ok: false, fieldErrors };
}

const SCHEMAS = { 'status-update': StatusUpdate, 'best-practice': BestPractice } as const;

/** Validates one group (a step) of a form: only its fields. */
export function validateGroup(spec: FormSpec, group: number, values: FormValues) {
  const fields = spec.groups[group]?.fields ?? [];
  const names = new Set(fields.map((f) => f.name));
  const schema = SCHEMAS[spec.id] as z.ZodObject;
  const shape = Object.fromEntries(Object.entries(schema.shape).filter(([k]) => names.has(k)));
  const project =
    spec.id === 'status-update' && names.has('project') ? chosenProject(spec, values) : undefined;
  return validateWithProject(z.object(shape), fields, values, project);
}

const PROJECT_NOT_OFFERED = 'choose one of your city’s projects';

/** The status form's project as chosen (by id, or by name when typed); absent when typed freely. */
function chosenProject(spec: FormSpec, values: FormValues) {
  const field = fieldsOf(spec).find((f) => f.name === 'project');
  if (!field?.options) return undefined;
  // A select may hand back a list of one.
  const raw = values.project;
  const chosen = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return { option: field.options.find((o) => o.value === chosen || o.label === chosen) };
}

/**
 * Validates with `schema`, the status form's project (when chosen from the city's list) as its
 * name: the city's project list is enforced, not just offered, and a select sends the id.
 */
function validateWithProject<S extends z.ZodObject>(
  schema: S,
  fields: readonly FieldSpec[],
  values: FormValues,
  project: ReturnType<typeof chosenProject>,
): FormResult<z.output<S>> {
  if (!project) return validateWith(schema, fields, values);
  const { option } = project;
  const result = validateWith(schema, fields, {
    ...values,
    project: option?.label ?? 'unknown project',
  });
  if (option) return result;
  return {
    ok: false,
    fieldErrors: { ...(result.ok ? {} : result.fieldErrors), project: PROJECT_NOT_OFFERED },
  };
}

export function validateStatusUpdate(
  spec: FormSpec,
  values: FormValues,
): FormResult<StatusUpdateValue> {
  return validateWithProject(StatusUpdate, fieldsOf(spec), values, chosenProject(spec, values));
}

export function validateBestPractice(
  spec: FormSpec,
  values: FormValues,
): FormResult<BestPracticeValue> {
  return validateWith(BestPractice, fieldsOf(spec), values);
}

// ------------------------------------------------------------------ form references

/** What a platform's form id carries: the form, its context, the step and the draft. */
export interface FormRef {
  formId: FormId;
  context: Record<string, string>;
  group?: number;
  draftId?: string;
}

const FORM_CODES: Record<FormId, string> = { 'status-update': 'su', 'best-practice': 'bp' };
const SAFE = /^[A-Za-z0-9_-]{1,40}$/;

/** A form reference as one string of at most 100 characters (a modal's custom id). */
export function encodeFormRef(ref: FormRef): string {
  const context = Object.entries(ref.context).map(([k, v]) => {
    if (!SAFE.test(k) || !SAFE.test(v)) throw new RangeError(`form context not encodable: ${k}`);
    return `${k}=${v}`;
  });
  const encoded = [
    'ascnf',
    FORM_CODES[ref.formId],
    ref.group ?? '',
    ref.draftId ?? '',
    context.join(','),
  ].join(':');
  if (encoded.length > 100) throw new RangeError('form reference longer than 100 characters');
  return encoded;
}

const FormRefParts = z.tuple([
  z.literal('ascnf'),
  z.enum(['su', 'bp']),
  z.union([z.literal(''), z.string().regex(/^\d{1,2}$/)]),
  z.union([z.literal(''), z.string().regex(SAFE)]),
  z.string().max(100),
]);

export function decodeFormRef(encoded: unknown): FormRef {
  const parsed =
    typeof encoded === 'string' && encoded.length <= 100
      ? FormRefParts.safeParse(encoded.split(':'))
      : undefined;
  if (!parsed?.success) throw new BadInput('That form is out of date; please open it again.');
  const [, code, group, draftId, ctx] = parsed.data;
  const context: Record<string, string> = {};
  for (const pair of ctx ? ctx.split(',') : []) {
    const [k, v] = pair.split('=');
    if (!k || !v || !SAFE.test(k) || !SAFE.test(v))
      throw new BadInput('That form is out of date; please open it again.');
    context[k] = v;
  }
  return {
    formId: code === 'su' ? 'status-update' : 'best-practice',
    context,
    ...(group ? { group: Number(group) } : {}),
    ...(draftId ? { draftId } : {}),
  };
}
