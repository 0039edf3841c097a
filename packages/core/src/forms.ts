import {
  BestPractice,
  type BestPractice as BestPracticeValue,
  CITIES,
  FOCUS_AREAS,
  PROJECT_STATUSES,
  StatusUpdate,
  type StatusUpdate as StatusUpdateValue,
} from '@ascn/domain';
import type { z } from 'zod';

export type FieldKind = 'text' | 'textarea' | 'number' | 'select' | 'multiselect' | 'urls';

export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  options?: Array<{ value: string; label: string }>;
  placeholder?: string;
  hint?: string;
  maxLength?: number;
}

export type FormId = 'status-update' | 'best-practice';

/** A form declared once; Slack renders a modal, Discord a modal, the web page an HTML form. */
export interface FormSpec {
  id: FormId;
  title: string;
  submitLabel: string;
  fields: FieldSpec[];
  /** Opaque context the adapter hands back on submit (e.g. the round id). */
  context: Record<string, string>;
}

/** What a platform hands back: strings, or string lists for multi-selects. */
export type FormValues = Record<string, string | string[] | undefined>;

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

const statusOptions = Object.entries(PROJECT_STATUSES).map(([value, label]) => ({ value, label }));
const focusOptions = Object.entries(FOCUS_AREAS).map(([value, label]) => ({ value, label }));
const cityOptions = CITIES.map((c) => ({ value: c.id, label: c.name }));

export function statusUpdateForm(
  context: Record<string, string>,
  projects: string[] = [],
): FormSpec {
  return {
    id: 'status-update',
    title: 'Project status',
    submitLabel: 'Send status',
    context,
    fields: [
      projects.length > 0
        ? {
            name: 'project',
            label: 'Project',
            kind: 'select',
            required: true,
            options: projects.map((p) => ({ value: p, label: p })),
          }
        : {
            name: 'project',
            label: 'Project',
            kind: 'text',
            required: true,
            maxLength: 200,
            placeholder: 'Name of the action-plan project',
          },
      { name: 'status', label: 'Status', kind: 'select', required: true, options: statusOptions },
      {
        name: 'progress',
        label: 'Progress (%)',
        kind: 'number',
        required: true,
        placeholder: '0 to 100',
      },
      {
        name: 'highlights',
        label: 'Highlights',
        kind: 'textarea',
        required: false,
        maxLength: 2000,
      },
      { name: 'blockers', label: 'Blockers', kind: 'textarea', required: false, maxLength: 2000 },
      {
        name: 'helpNeeded',
        label: 'Help needed',
        kind: 'textarea',
        required: false,
        maxLength: 2000,
      },
    ],
  };
}

export function bestPracticeForm(context: Record<string, string>): FormSpec {
  return {
    id: 'best-practice',
    title: 'Share a best practice',
    submitLabel: 'Share',
    context,
    fields: [
      { name: 'title', label: 'Title', kind: 'text', required: true, maxLength: 150 },
      { name: 'city', label: 'City', kind: 'select', required: true, options: cityOptions },
      {
        name: 'focusAreas',
        label: 'Focus areas',
        kind: 'multiselect',
        required: true,
        options: focusOptions,
      },
      { name: 'problem', label: 'Problem', kind: 'textarea', required: true, maxLength: 3000 },
      { name: 'solution', label: 'Solution', kind: 'textarea', required: true, maxLength: 3000 },
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
  };
}

/** Turns what a platform sent into the shape the schema expects: lists split, blanks dropped. */
function normalise(spec: FormSpec, values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of spec.fields) {
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

function validate<S extends z.ZodType>(
  schema: S,
  spec: FormSpec,
  values: FormValues,
): FormResult<z.output<S>> {
  const input = normalise(spec, values);
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? spec.fields[0]?.name ?? 'form');
    const field = spec.fields.find((f) => f.name === name);
    // A missing required value gets the same plain words on every platform.
    const message =
      issue.code === 'invalid_type' && input[name] === undefined && field
        ? `${field.label} is required`
        : issue.message;
    errors[name] ??= message;
  }
  return { ok: false, errors };
}

export function validateStatusUpdate(
  spec: FormSpec,
  values: FormValues,
): FormResult<StatusUpdateValue> {
  return validate(StatusUpdate, spec, values);
}

export function validateBestPractice(
  spec: FormSpec,
  values: FormValues,
): FormResult<BestPracticeValue> {
  return validate(BestPractice, spec, values);
}
