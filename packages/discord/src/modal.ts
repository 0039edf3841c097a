import {
  type Block,
  encodeFormRef,
  type FieldSpec,
  type FormValues,
  fitText,
  PLATFORM_LIMITS,
} from '@ascn/core';
import {
  type APIComponentInLabel,
  type APILabelComponent,
  type APIModalInteractionResponseCallbackData,
  ComponentType,
  TextInputStyle,
} from 'discord-api-types/v10';

const L = PLATFORM_LIMITS.discord;

type Form = Extract<Block, { kind: 'form' }>;

/** The custom id of the modal showing one step of a form (the core's form reference). */
export function modalId(block: Form): string {
  return encodeFormRef({
    formId: block.form.id,
    context: block.form.context,
    group: block.group ?? 0,
    ...(block.draftId ? { draftId: block.draftId } : {}),
  });
}

const asText = (v: string | string[] | undefined): string =>
  Array.isArray(v) ? v.join('\n') : (v ?? '');

/** A field Discord cannot show as a select (more than 25 options) is typed and searched. */
const isTyped = (field: FieldSpec) =>
  !field.options || field.searchable || field.options.length > L.selectOptions;

function input(field: FieldSpec, value: string | string[] | undefined): APIComponentInLabel {
  if (
    (field.kind === 'select' || field.kind === 'multiselect') &&
    field.options &&
    !isTyped(field)
  ) {
    const chosen = new Set(Array.isArray(value) ? value : value ? value.split(',') : []);
    return {
      type: ComponentType.StringSelect,
      custom_id: field.name,
      required: field.required,
      min_values: field.required ? 1 : 0,
      max_values: field.kind === 'multiselect' ? field.options.length : 1,
      options: field.options.map((o) => ({
        label: fitText(o.label, L.optionLabel),
        value: o.value,
        ...(chosen.has(o.value) ? { default: true } : {}),
      })),
    };
  }
  const maxLength = Math.min(field.maxLength ?? L.inputValue, L.inputValue);
  let text = asText(value);
  // A typed choice shows the option's name, not its id.
  const option = field.options?.find((o) => o.value === text);
  if (option) text = option.label;
  const placeholder =
    field.placeholder ??
    (field.options?.length ? `Type a name, e.g. ${field.options[0]!.label}` : undefined);
  return {
    type: ComponentType.TextInput,
    custom_id: field.name,
    style:
      field.kind === 'textarea' || field.kind === 'urls'
        ? TextInputStyle.Paragraph
        : TextInputStyle.Short,
    required: field.required,
    max_length: maxLength,
    ...(text ? { value: text.slice(0, maxLength) } : {}),
    ...(placeholder ? { placeholder: fitText(placeholder, L.inputPlaceholder) } : {}),
  };
}

/**
 * One step of a form as a modal: at most five labelled inputs (the core's groups hold five),
 * the values typed so far filled in, a field's error as its label's description, selects for
 * up to 25 options and a text input (matched against the options) for longer lists.
 */
export function renderModal(block: Form): APIModalInteractionResponseCallbackData {
  const { form } = block;
  const group = block.group ?? 0;
  const fields = form.groups[group]?.fields ?? [];
  const steps = form.groups.length;
  const title = steps > 1 ? `${form.title} (${group + 1}/${steps})` : form.title;
  return {
    custom_id: modalId(block),
    title: fitText(title, L.modalTitle),
    components: fields.slice(0, L.modalInputs).map((field): APILabelComponent => {
      const error = block.fieldErrors?.[field.name];
      const description = error ? `⚠ ${error}` : field.hint;
      return {
        type: ComponentType.Label,
        label: fitText(field.label, L.inputLabel),
        ...(description ? { description: fitText(description, 100) } : {}),
        component: input(field, block.values?.[field.name]),
      };
    }),
  };
}

/** What a person typed or chose in a modal, as the core's form values. */
export function modalValues(
  submitted: Iterable<{ customId: string; value?: unknown; values?: unknown }>,
  shown?: readonly FieldSpec[],
): FormValues {
  const values: FormValues = {};
  for (const field of submitted) {
    if (Array.isArray(field.values))
      values[field.customId] = field.values.filter((v): v is string => typeof v === 'string');
    else if (typeof field.value === 'string') {
      const spec = shown?.find((f) => f.name === field.customId);
      values[field.customId] = spec?.options ? matchOption(spec, field.value) : field.value;
    }
  }
  return values;
}

/**
 * A typed choice matched against the options: the same name or id (any case), else the one
 * option whose name contains what was typed. Anything else goes to the core as typed, and
 * comes back as a plain error with the values kept.
 */
export function matchOption(field: FieldSpec, typed: string): string {
  const t = typed.trim().toLowerCase();
  const options = field.options ?? [];
  if (!t) return typed;
  const exact = options.find((o) => o.value.toLowerCase() === t || o.label.toLowerCase() === t);
  if (exact) return exact.value;
  const partial = options.filter(
    (o) => o.label.toLowerCase().includes(t) || o.value.toLowerCase().includes(t),
  );
  return partial.length === 1 ? partial[0]!.value : typed;
}
