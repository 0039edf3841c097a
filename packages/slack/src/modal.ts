import {
  type Block,
  bestPracticeForm,
  decodeFormRef,
  encodeFormRef,
  type FieldSpec,
  type FormId,
  type FormRef,
  type FormValues,
  fitText,
  PLATFORM_LIMITS,
  type Reply,
  statusUpdateForm,
} from '@ascn/core';
import type {
  InputBlock,
  InputBlockElement,
  KnownBlock,
  ModalView,
  PlainTextOption,
} from '@slack/types';
import { mrkdwnLine, plain, renderBlocks } from './render.js';

/**
 * Forms as modals: every group of a form in one modal (Slack holds 100 blocks), one input
 * block per field with `block_id` = the field's name and `action_id` = `value`, so a
 * submission's values and the core's errors per field map one to one. The form's id, context
 * and draft travel in `private_metadata` (the core's form reference, checked when it returns).
 */

const S = PLATFORM_LIMITS.slack;
export const FORM_CALLBACK_ID = 'ascn_form';
export const VALUE_ACTION = 'value';
/** Slack's longest plain_text_input. */
const INPUT_MAX = 3000;
const TITLE = 'ASCN Assistant';

type FormBlock = Extract<Block, { kind: 'form' }>;

/** The command that opens each form (to build a form again on the server, e.g. for its options). */
export const FORM_COMMANDS: Record<FormId, string> = {
  'best-practice': bestPracticeForm().openedBy.command,
  'status-update': statusUpdateForm({ roundId: 1 }).openedBy.command,
};

const option = (o: { value: string; label: string }): PlainTextOption => ({
  text: plain(o.label, S.optionText),
  value: o.value.slice(0, S.optionValue),
});

/** The values a field starts with: what was typed before (an error, a draft) or prefilled. */
function initialOf(field: FieldSpec, value: FormValues[string]): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (field.kind === 'multiselect')
    return list
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
  return list.length ? [list.join('\n')] : [];
}

function matchOption(field: FieldSpec, value: string) {
  return field.options?.find((o) => o.value === value || o.label === value);
}

function element(field: FieldSpec, value: FormValues[string]): InputBlockElement {
  const initial = initialOf(field, value);
  const placeholder = field.placeholder
    ? { placeholder: plain(field.placeholder, S.placeholder) }
    : {};
  switch (field.kind) {
    case 'number': {
      const n = initial[0]?.trim();
      return {
        type: 'number_input',
        action_id: VALUE_ACTION,
        is_decimal_allowed: false,
        ...(n && /^-?\d{1,15}$/.test(n) ? { initial_value: n } : {}),
        ...placeholder,
      };
    }
    case 'select': {
      const options = field.options ?? [];
      const chosen = initial[0] ? matchOption(field, initial[0]) : undefined;
      const start = chosen ? { initial_option: option(chosen) } : {};
      // A list Slack cannot hold in one select is searched through the app's options handler.
      if (options.length > S.staticSelectOptions)
        return {
          type: 'external_select',
          action_id: VALUE_ACTION,
          min_query_length: 0,
          ...start,
          ...placeholder,
        };
      return {
        type: 'static_select',
        action_id: VALUE_ACTION,
        options: options.map(option),
        ...start,
        ...placeholder,
      };
    }
    case 'multiselect': {
      const chosen = initial.flatMap((v) => matchOption(field, v) ?? []);
      return {
        type: 'multi_static_select',
        action_id: VALUE_ACTION,
        options: (field.options ?? []).slice(0, S.staticSelectOptions).map(option),
        ...(chosen.length ? { initial_options: chosen.map(option) } : {}),
        ...placeholder,
      };
    }
    default: {
      const max = Math.min(field.maxLength ?? INPUT_MAX, INPUT_MAX);
      const text = initial[0] ? Array.from(initial[0]).slice(0, max).join('') : '';
      return {
        type: 'plain_text_input',
        action_id: VALUE_ACTION,
        multiline: field.kind === 'textarea' || field.kind === 'urls',
        max_length: max,
        ...(text ? { initial_value: text } : {}),
        ...placeholder,
      };
    }
  }
}

function input(field: FieldSpec, value: FormValues[string]): InputBlock {
  return {
    type: 'input',
    block_id: field.name,
    label: plain(field.label, S.inputLabel),
    optional: !field.required,
    element: element(field, value),
    ...(field.hint ? { hint: plain(field.hint, 2000) } : {}),
  };
}

/** What a modal of this form carries back: the form, its context and draft. */
function formMetadata(block: FormBlock): string {
  return encodeFormRef({
    formId: block.form.id,
    context: block.form.context,
    ...(block.draftId ? { draftId: block.draftId } : {}),
  });
}

export function readFormMetadata(metadata: string): FormRef {
  return decodeFormRef(metadata);
}

/**
 * A reply holding a form as a modal: the reply's other blocks above (e.g. which round), the
 * form's error at the top, then every group with its inputs and the values typed so far.
 */
export function renderFormModal(reply: Reply, zone = reply.zone ?? 'UTC'): ModalView {
  const block = reply.blocks.find((b): b is FormBlock => b.kind === 'form');
  if (!block) return renderReplyModal(reply, zone);
  const { form } = block;
  const blocks: KnownBlock[] = renderBlocks(
    { ...reply, tone: 'normal', blocks: reply.blocks.filter((b) => b.kind !== 'form') },
    { zone, surface: 'view' },
  );
  if (block.formError)
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:warning: ${mrkdwnLine(block.formError, S.sectionText - 11, zone)}`,
      },
    });
  for (const group of form.groups) {
    if (form.groups.length > 1)
      blocks.push({ type: 'header', text: plain(group.title, S.headerText) });
    for (const field of group.fields) {
      blocks.push(input(field, block.values?.[field.name]));
      const error = block.fieldErrors?.[field.name];
      if (error)
        blocks.push({
          type: 'context',
          elements: [{ type: 'mrkdwn', text: `:warning: ${mrkdwnLine(error, 2000, zone)}` }],
        });
    }
  }
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    title: plain(form.title, S.modalTitle),
    submit: plain(form.submitLabel, S.modalSubmit),
    close: plain('Cancel', S.modalSubmit),
    private_metadata: formMetadata(block),
    blocks: blocks.slice(0, S.blocksPerModal),
  };
}

/** Any other reply shown in a modal (a confirmation, or why the form cannot open). */
export function renderReplyModal(reply: Reply, zone = reply.zone ?? 'UTC'): ModalView {
  const blocks = renderBlocks(reply, { zone, surface: 'view' });
  return {
    type: 'modal',
    title: plain(TITLE, S.modalTitle),
    close: plain('Close', S.modalSubmit),
    blocks: blocks.length ? blocks : [{ type: 'section', text: { type: 'mrkdwn', text: 'Done.' } }],
  };
}

/** Opened at once on a trigger, before anything slow; replaced by the form when it is ready. */
export function loadingModal(): ModalView {
  return {
    type: 'modal',
    title: plain(TITLE, S.modalTitle),
    close: plain('Close', S.modalSubmit),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: ':hourglass_flowing_sand: One moment…' } },
    ],
  };
}

/** A submitted modal's values as the core takes them: text, a chosen value, or a list. */
export function formValuesFromState(
  values: Record<string, Record<string, unknown>> | undefined,
): FormValues {
  const out: FormValues = {};
  for (const [blockId, actions] of Object.entries(values ?? {})) {
    const v = actions?.[VALUE_ACTION] as
      | {
          type?: string;
          value?: string | null;
          selected_option?: { value: string } | null;
          selected_options?: Array<{ value: string }>;
        }
      | undefined;
    if (!v) continue;
    if (Array.isArray(v.selected_options)) out[blockId] = v.selected_options.map((o) => o.value);
    else if (v.selected_option !== undefined) out[blockId] = v.selected_option?.value ?? '';
    else if (typeof v.value === 'string') out[blockId] = v.value;
    else out[blockId] = '';
  }
  return out;
}

/** The core's errors per field as Slack shows them under the inputs (`response_action: errors`). */
export function fieldErrorsForSlack(
  reply: Reply,
): { errors: Record<string, string>; formError?: string } | undefined {
  const block = reply.blocks.find((b): b is FormBlock => b.kind === 'form');
  if (!block) return undefined;
  const names = new Set(block.form.groups.flatMap((g) => g.fields.map((f) => f.name)));
  const errors: Record<string, string> = {};
  for (const [name, message] of Object.entries(block.fieldErrors ?? {}))
    if (names.has(name)) errors[name] = fitText(message, 300);
  return { errors, ...(block.formError ? { formError: block.formError } : {}) };
}

/** Options of a long select matching what the person typed (Slack's options handler), at most 100. */
export function matchingOptions(field: FieldSpec | undefined, typed: string): PlainTextOption[] {
  const q = typed.trim().toLowerCase();
  return (field?.options ?? [])
    .filter((o) => !q || o.label.toLowerCase().includes(q) || o.value.toLowerCase().includes(q))
    .slice(0, S.staticSelectOptions)
    .map(option);
}
