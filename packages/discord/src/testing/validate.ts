import { type FormErrors, formErrors, type Path } from './errors.js';

/**
 * Discord's documented limits on what a bot sends, checked the way Discord answers them:
 * each broken field is reported at its path with Discord's error code and wording.
 * Lengths count Unicode code points, as Discord does (a UTF-16 `.length` is never smaller,
 * so truncating by it is always safe).
 */

export type Json = Record<string, unknown>;

export const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const chars = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

interface Bounds {
  min?: number;
  max: number;
  required?: boolean;
}

function lengthMessage({ min, max }: Bounds): [string, string] {
  return min !== undefined && min > 0
    ? ['BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`]
    : ['BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`];
}

function missing(value: unknown): boolean {
  return value === undefined || value === null;
}

/** A string within bounds; returns its length in code points (0 when absent or not a string). */
export function checkString(
  errors: FormErrors,
  path: Path,
  value: unknown,
  bounds: Bounds,
): number {
  if (missing(value)) {
    if (bounds.required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return 0;
  }
  if (typeof value !== 'string') {
    errors.add(path, 'BASE_TYPE_STRING', 'Could not interpret the value as string.');
    return 0;
  }
  const length = chars(value);
  if (length > bounds.max || length < (bounds.min ?? 0)) {
    const [code, message] = lengthMessage(bounds);
    errors.add(path, code, message);
  }
  return length;
}

/** An array within bounds; returns it (empty when absent or not an array). */
export function checkArray(
  errors: FormErrors,
  path: Path,
  value: unknown,
  bounds: Bounds,
): unknown[] {
  if (missing(value)) {
    if (bounds.required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return [];
  }
  if (!Array.isArray(value)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return [];
  }
  if (value.length > bounds.max || value.length < (bounds.min ?? 0)) {
    const [code, message] = lengthMessage(bounds);
    errors.add(path, code, message);
  }
  return value;
}

function checkInteger(
  errors: FormErrors,
  path: Path,
  value: unknown,
  { min, max }: { min: number; max: number },
): void {
  if (missing(value)) return;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    errors.add(path, 'NUMBER_TYPE_COERCE', 'Value is not int.');
  } else if (value < min) {
    errors.add(path, 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${min}.`);
  } else if (value > max) {
    errors.add(path, 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${max}.`);
  }
}

function checkUrl(errors: FormErrors, path: Path, value: unknown): void {
  if (missing(value)) return;
  if (typeof value !== 'string' || !/^(https?|attachment):\/\/\S+$/.test(value)) {
    errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
  }
}

function checkSnowflake(errors: FormErrors, path: Path, value: unknown): void {
  if (missing(value)) return;
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) {
    errors.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not snowflake.`);
  }
}

// ---- messages -------------------------------------------------------------------------------

export const MessageFlags = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
  IsComponentsV2: 1 << 15,
} as const;

const BUTTON = 2;
const SELECTS = new Set([3, 5, 6, 7, 8]);
const TEXT_INPUT = 4;

function checkEmbeds(errors: FormErrors, embeds: unknown[]): void {
  let total = 0;
  embeds.forEach((embed, i) => {
    const at = ['embeds', i];
    if (!isRecord(embed)) {
      errors.add(at, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    total += checkString(errors, [...at, 'title'], embed.title, { max: 256 });
    total += checkString(errors, [...at, 'description'], embed.description, { max: 4096 });
    checkUrl(errors, [...at, 'url'], embed.url);
    checkInteger(errors, [...at, 'color'], embed.color, { min: 0, max: 0xffffff });
    if (!missing(embed.timestamp) && Number.isNaN(Date.parse(String(embed.timestamp)))) {
      errors.add([...at, 'timestamp'], 'DATE_TYPE_PARSE', 'Could not parse the timestamp.');
    }
    if (!missing(embed.footer)) {
      const footer = isRecord(embed.footer) ? embed.footer : {};
      total += checkString(errors, [...at, 'footer', 'text'], footer.text, {
        max: 2048,
        required: true,
      });
      checkUrl(errors, [...at, 'footer', 'icon_url'], footer.icon_url);
    }
    if (!missing(embed.author)) {
      const author = isRecord(embed.author) ? embed.author : {};
      total += checkString(errors, [...at, 'author', 'name'], author.name, {
        max: 256,
        required: true,
      });
      checkUrl(errors, [...at, 'author', 'url'], author.url);
    }
    const fields = checkArray(errors, [...at, 'fields'], embed.fields, { max: 25 });
    fields.forEach((field, j) => {
      const fat = [...at, 'fields', j];
      const f = isRecord(field) ? field : {};
      total += checkString(errors, [...fat, 'name'], f.name, { min: 1, max: 256, required: true });
      total += checkString(errors, [...fat, 'value'], f.value, {
        min: 1,
        max: 1024,
        required: true,
      });
    });
  });
  if (total > 6000) {
    errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  }
}

function checkSelect(errors: FormErrors, at: Path, select: Json, ids: Set<string>): void {
  checkCustomId(errors, at, select.custom_id, ids);
  checkString(errors, [...at, 'placeholder'], select.placeholder, { max: 150 });
  checkInteger(errors, [...at, 'min_values'], select.min_values, { min: 0, max: 25 });
  checkInteger(errors, [...at, 'max_values'], select.max_values, { min: 1, max: 25 });
  if (select.type === 3) {
    const options = checkArray(errors, [...at, 'options'], select.options, {
      min: 1,
      max: 25,
      required: true,
    });
    options.forEach((option, k) => {
      const o = isRecord(option) ? option : {};
      const oat = [...at, 'options', k];
      checkString(errors, [...oat, 'label'], o.label, { min: 1, max: 100, required: true });
      checkString(errors, [...oat, 'value'], o.value, { min: 1, max: 100, required: true });
      checkString(errors, [...oat, 'description'], o.description, { max: 100 });
    });
  }
}

function checkCustomId(errors: FormErrors, at: Path, value: unknown, ids: Set<string>): void {
  checkString(errors, [...at, 'custom_id'], value, { min: 1, max: 100, required: true });
  if (typeof value === 'string') {
    if (ids.has(value)) {
      errors.add(
        [...at, 'custom_id'],
        'COMPONENT_CUSTOM_ID_DUPLICATED',
        'Component custom id cannot be duplicated',
      );
    }
    ids.add(value);
  }
}

function checkButton(errors: FormErrors, at: Path, button: Json, ids: Set<string>): void {
  checkInteger(errors, [...at, 'style'], button.style, { min: 1, max: 6 });
  checkString(errors, [...at, 'label'], button.label, { max: 80 });
  if (button.style === 5) {
    checkUrl(errors, [...at, 'url'], button.url);
    if (missing(button.url))
      errors.add([...at, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
    if (!missing(button.custom_id)) {
      errors.add(
        [...at, 'custom_id'],
        'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED',
        'A custom id cannot be set for this button style',
      );
    }
  } else if (button.style !== 6) {
    checkCustomId(errors, at, button.custom_id, ids);
  }
}

/** Message components (action rows of buttons and selects; not Components V2 layouts). */
function checkComponents(errors: FormErrors, rows: unknown[]): void {
  const ids = new Set<string>();
  rows.forEach((row, i) => {
    const at = ['components', i];
    if (!isRecord(row) || row.type !== 1) {
      errors.add(
        [...at, 'type'],
        'UNION_TYPE_CHOICES',
        'Value of field "type" must be one of (1,).',
      );
      return;
    }
    const items = checkArray(errors, [...at, 'components'], row.components, {
      min: 1,
      max: 5,
      required: true,
    });
    items.forEach((item, j) => {
      const cat = [...at, 'components', j];
      if (!isRecord(item)) {
        errors.add(cat, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      } else if (item.type === BUTTON) {
        checkButton(errors, cat, item, ids);
      } else if (typeof item.type === 'number' && SELECTS.has(item.type)) {
        if (items.length > 1) {
          errors.add(
            cat,
            'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
            'The specified component exceeds the maximum width',
          );
        }
        checkSelect(errors, cat, item, ids);
      } else {
        errors.add(
          [...cat, 'type'],
          'UNION_TYPE_CHOICES',
          'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).',
        );
      }
    });
  });
}

function checkAllowedMentions(errors: FormErrors, value: unknown): void {
  if (missing(value)) return;
  if (!isRecord(value)) {
    errors.add(['allowed_mentions'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used');
    return;
  }
  const parse = checkArray(errors, ['allowed_mentions', 'parse'], value.parse, { max: 3 });
  parse.forEach((kind, i) => {
    if (kind !== 'users' && kind !== 'roles' && kind !== 'everyone') {
      errors.add(
        ['allowed_mentions', 'parse', i],
        'ENUM_TYPE_COERCE',
        `Value "${String(kind)}" is not a valid enum value.`,
      );
    }
  });
  for (const kind of ['users', 'roles'] as const) {
    const ids = checkArray(errors, ['allowed_mentions', kind], value[kind], { max: 100 });
    ids.forEach((id, i) => {
      checkSnowflake(errors, ['allowed_mentions', kind, i], id);
    });
    if (ids.length > 0 && parse.includes(kind)) {
      errors.add(
        ['allowed_mentions'],
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      );
    }
  }
}

export interface MessageCheck {
  /** An edit: every field optional, no emptiness check, no nonce. */
  edit?: boolean;
  /** An interaction response or follow-up: the ephemeral flag is allowed. */
  interaction?: boolean;
}

/** The field errors of a message body (create or edit); empty when it is valid. */
export function messageErrors(body: Json, check: MessageCheck = {}): FormErrors {
  const errors = formErrors();
  checkString(errors, ['content'], body.content, { max: 2000 });
  checkEmbeds(errors, checkArray(errors, ['embeds'], body.embeds, { max: 10 }));
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  checkInteger(errors, ['flags'], body.flags, { min: 0, max: 2 ** 31 });
  if (flags & MessageFlags.IsComponentsV2) {
    // Components V2 layouts are not modelled by the fake; only their count is checked.
    checkArray(errors, ['components'], body.components, { max: 40 });
  } else {
    checkComponents(errors, checkArray(errors, ['components'], body.components, { max: 5 }));
  }
  const allowedFlags =
    MessageFlags.SuppressEmbeds |
    MessageFlags.SuppressNotifications |
    MessageFlags.IsComponentsV2 |
    (check.interaction ? MessageFlags.Ephemeral : 0);
  if (flags & ~allowedFlags) {
    errors.add(['flags'], 'MESSAGE_INVALID_FLAGS', 'Invalid flags were provided.');
  }
  checkAllowedMentions(errors, body.allowed_mentions);
  if (!check.edit && !missing(body.nonce)) {
    if (typeof body.nonce === 'string') {
      checkString(errors, ['nonce'], body.nonce, { max: 25 });
    } else if (typeof body.nonce !== 'number' || !Number.isInteger(body.nonce)) {
      errors.add(['nonce'], 'BASE_TYPE_STRING', 'Nonce must be an integer or a string.');
    }
  }
  return errors;
}

/** Whether a new message carries nothing to show (Discord answers 50006). */
export function isEmptyMessage(body: Json): boolean {
  const empty = (v: unknown) => missing(v) || (Array.isArray(v) && v.length === 0) || v === '';
  return (
    empty(body.content) &&
    empty(body.embeds) &&
    empty(body.components) &&
    empty(body.sticker_ids) &&
    empty(body.attachments) &&
    missing(body.poll)
  );
}

// ---- modals and autocomplete ----------------------------------------------------------------

function checkTextInput(
  errors: FormErrors,
  at: Path,
  input: Json,
  ids: Set<string>,
  labelled: boolean,
): void {
  checkCustomId(errors, at, input.custom_id, ids);
  checkInteger(errors, [...at, 'style'], input.style, { min: 1, max: 2 });
  if (missing(input.style))
    errors.add([...at, 'style'], 'BASE_TYPE_REQUIRED', 'This field is required');
  if (labelled) {
    checkString(errors, [...at, 'label'], input.label, { min: 1, max: 45, required: true });
  }
  checkInteger(errors, [...at, 'min_length'], input.min_length, { min: 0, max: 4000 });
  checkInteger(errors, [...at, 'max_length'], input.max_length, { min: 1, max: 4000 });
  checkString(errors, [...at, 'value'], input.value, { max: 4000 });
  checkString(errors, [...at, 'placeholder'], input.placeholder, { max: 100 });
}

/** The field errors of a modal (interaction callback type 9). */
export function modalErrors(data: Json): FormErrors {
  const errors = formErrors();
  const ids = new Set<string>();
  checkString(errors, ['data', 'custom_id'], data.custom_id, { min: 1, max: 100, required: true });
  checkString(errors, ['data', 'title'], data.title, { min: 1, max: 45, required: true });
  const parts = checkArray(errors, ['data', 'components'], data.components, {
    min: 1,
    max: 5,
    required: true,
  });
  parts.forEach((part, i) => {
    const at = ['data', 'components', i];
    const p = isRecord(part) ? part : {};
    if (p.type === 1) {
      const inner = checkArray(errors, [...at, 'components'], p.components, {
        min: 1,
        max: 1,
        required: true,
      });
      const input = inner[0];
      if (isRecord(input) && input.type === TEXT_INPUT) {
        checkTextInput(errors, [...at, 'components', 0], input, ids, true);
      } else if (inner.length > 0) {
        errors.add([...at, 'components', 0, 'type'], 'UNION_TYPE_CHOICES', 'Must be a text input.');
      }
    } else if (p.type === 18) {
      checkString(errors, [...at, 'label'], p.label, { min: 1, max: 45, required: true });
      checkString(errors, [...at, 'description'], p.description, { max: 100 });
      const inner = isRecord(p.component) ? p.component : {};
      if (inner.type === TEXT_INPUT) {
        checkTextInput(errors, [...at, 'component'], inner, ids, false);
      } else if (typeof inner.type === 'number' && SELECTS.has(inner.type)) {
        checkSelect(errors, [...at, 'component'], inner, ids);
      } else {
        errors.add(
          [...at, 'component', 'type'],
          'UNION_TYPE_CHOICES',
          'A label holds a text input or a select menu.',
        );
      }
    } else if (p.type === 10) {
      checkString(errors, [...at, 'content'], p.content, { min: 1, max: 4000, required: true });
    } else {
      errors.add(
        [...at, 'type'],
        'UNION_TYPE_CHOICES',
        'Value of field "type" must be one of (1, 10, 18).',
      );
    }
  });
  return errors;
}

/** The field errors of autocomplete choices (interaction callback type 8). */
export function choicesErrors(data: Json): FormErrors {
  const errors = formErrors();
  const choices = checkArray(errors, ['data', 'choices'], data.choices, {
    max: 25,
    required: true,
  });
  choices.forEach((choice, i) => {
    const c = isRecord(choice) ? choice : {};
    checkString(errors, ['data', 'choices', i, 'name'], c.name, {
      min: 1,
      max: 100,
      required: true,
    });
    if (typeof c.value === 'string') {
      checkString(errors, ['data', 'choices', i, 'value'], c.value, { max: 100 });
    } else if (typeof c.value !== 'number') {
      errors.add(['data', 'choices', i, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
    }
  });
  return errors;
}

// ---- application commands -------------------------------------------------------------------

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;
const CHOICE_TYPES = new Set([3, 4, 10]);

function checkCommandName(errors: FormErrors, at: Path, name: unknown, chatInput: boolean): void {
  const length = checkString(errors, at, name, { min: 1, max: 32, required: true });
  if (chatInput && typeof name === 'string' && length > 0 && length <= 32) {
    if (!NAME.test(name) || name !== name.toLowerCase()) {
      errors.add(at, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    }
  }
}

function checkOptions(
  errors: FormErrors,
  at: Path,
  value: unknown,
  level: 'top' | 'group' | 'sub',
): number {
  const options = checkArray(errors, at, value, { max: 25 });
  let size = 0;
  const names = new Set<string>();
  let optionalSeen = false;
  options.forEach((option, i) => {
    const oat = [...at, i];
    const o = isRecord(option) ? option : {};
    const type = o.type;
    if (typeof type !== 'number' || !Number.isInteger(type) || type < 1 || type > 11) {
      errors.add(
        [...oat, 'type'],
        'ENUM_TYPE_COERCE',
        `Value "${String(type)}" is not a valid enum value.`,
      );
      return;
    }
    checkCommandName(errors, [...oat, 'name'], o.name, true);
    size += checkString(errors, [...oat, 'description'], o.description, {
      min: 1,
      max: 100,
      required: true,
    });
    if (typeof o.name === 'string') {
      size += chars(o.name);
      if (names.has(o.name)) {
        errors.add(
          [...oat, 'name'],
          'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS',
          'Option names must be unique',
        );
      }
      names.add(o.name);
    }
    const nested = type === SUB_COMMAND || type === SUB_COMMAND_GROUP;
    if (nested) {
      const allowed = level === 'top' || (level === 'group' && type === SUB_COMMAND);
      if (!allowed) {
        errors.add(
          [...oat, 'type'],
          'APPLICATION_COMMAND_OPTION_TYPE_INVALID',
          'Sub-commands cannot be nested this way',
        );
      }
      size += checkOptions(
        errors,
        [...oat, 'options'],
        o.options,
        type === SUB_COMMAND_GROUP ? 'group' : 'sub',
      );
      return;
    }
    if (level === 'group') {
      errors.add(
        [...oat, 'type'],
        'APPLICATION_COMMAND_OPTION_TYPE_INVALID',
        'A group holds sub-commands only',
      );
    }
    if (o.required === true && optionalSeen) {
      errors.add(
        [...oat, 'required'],
        'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        'Required options must be placed before non-required options',
      );
    }
    if (o.required !== true) optionalSeen = true;
    const choices = checkArray(errors, [...oat, 'choices'], o.choices, { max: 25 });
    if (choices.length > 0 && !CHOICE_TYPES.has(type)) {
      errors.add(
        [...oat, 'choices'],
        'APPLICATION_COMMAND_OPTION_CHOICES_INVALID',
        'This option type cannot have choices',
      );
    }
    if (choices.length > 0 && o.autocomplete === true) {
      errors.add(
        [...oat, 'autocomplete'],
        'APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES_EXCLUSIVE',
        'Autocomplete cannot be enabled with choices',
      );
    }
    if (o.autocomplete === true && !CHOICE_TYPES.has(type)) {
      errors.add(
        [...oat, 'autocomplete'],
        'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_INVALID',
        'This option type cannot autocomplete',
      );
    }
    choices.forEach((choice, j) => {
      const c = isRecord(choice) ? choice : {};
      size += checkString(errors, [...oat, 'choices', j, 'name'], c.name, {
        min: 1,
        max: 100,
        required: true,
      });
      const expected = type === 3 ? 'string' : 'number';
      if (typeof c.value !== expected || (type === 4 && !Number.isInteger(c.value))) {
        errors.add(
          [...oat, 'choices', j, 'value'],
          'APPLICATION_COMMAND_OPTION_CHOICE_VALUE_INVALID',
          'Choice value does not match the option type',
        );
      } else if (typeof c.value === 'string') {
        size += checkString(errors, [...oat, 'choices', j, 'value'], c.value, { max: 100 });
      }
    });
    checkInteger(errors, [...oat, 'min_length'], o.min_length, { min: 0, max: 6000 });
    checkInteger(errors, [...oat, 'max_length'], o.max_length, { min: 1, max: 6000 });
  });
  return size;
}

/** The field errors of a list of application commands (bulk overwrite); paths start at the index. */
export function commandListErrors(list: unknown): FormErrors {
  const errors = formErrors();
  if (!Array.isArray(list)) {
    errors.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return errors;
  }
  const seen = new Set<string>();
  let chatInput = 0;
  list.forEach((command, i) => {
    commandErrorsInto(errors, [i], command);
    if (isRecord(command)) {
      const type = command.type ?? 1;
      if (type === 1) chatInput++;
      const key = `${String(type)}:${String(command.name)}`;
      if (seen.has(key)) {
        errors.add(
          [i, 'name'],
          'APPLICATION_COMMANDS_DUPLICATE_NAME',
          'Application command names must be unique',
        );
      }
      seen.add(key);
    }
  });
  if (chatInput > 100) {
    errors.add([], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  }
  return errors;
}

/** The field errors of one application command. */
export function commandErrors(command: unknown): FormErrors {
  const errors = formErrors();
  commandErrorsInto(errors, [], command);
  return errors;
}

function commandErrorsInto(errors: FormErrors, at: Path, command: unknown): void {
  if (!isRecord(command)) {
    errors.add(at, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const type = command.type ?? 1;
  if (typeof type !== 'number' || type < 1 || type > 4) {
    errors.add(
      [...at, 'type'],
      'ENUM_TYPE_COERCE',
      `Value "${String(type)}" is not a valid enum value.`,
    );
    return;
  }
  const chatInput = type === 1;
  checkCommandName(errors, [...at, 'name'], command.name, chatInput);
  let size = typeof command.name === 'string' ? chars(command.name) : 0;
  if (chatInput) {
    size += checkString(errors, [...at, 'description'], command.description, {
      min: 1,
      max: 100,
      required: true,
    });
    size += checkOptions(errors, [...at, 'options'], command.options, 'top');
  } else if (typeof command.description === 'string' && command.description !== '') {
    errors.add(
      [...at, 'description'],
      'APPLICATION_COMMAND_DESCRIPTION_INVALID',
      'Context menu commands cannot have a description',
    );
  }
  const permissions = command.default_member_permissions;
  if (!missing(permissions) && (typeof permissions !== 'string' || !/^\d+$/.test(permissions))) {
    errors.add(
      [...at, 'default_member_permissions'],
      'NUMBER_TYPE_COERCE',
      'Value is not a permission bit set.',
    );
  }
  if (size > 8000) {
    errors.add(at, 'APPLICATION_COMMAND_TOO_LARGE', 'Command exceeds maximum size (8000)');
  }
}
