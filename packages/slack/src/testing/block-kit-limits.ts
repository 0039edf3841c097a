/**
 * The Block Kit limits the fake Slack enforces, so a renderer that breaks one fails in tests
 * the way it would fail in Slack. Each problem is a message with the JSON pointer Slack uses,
 * e.g. `must be at most 3000 characters [json-pointer:/blocks/0/text/text]`.
 */

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  id: 255,
  viewTitle: 24,
  privateMetadata: 3000,
} as const;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.text === 'string') return value.text;
  return undefined;
}

function tooLong(
  problems: string[],
  value: unknown,
  max: number,
  pointer: string,
  nested = true,
): void {
  const text = textOf(value);
  if (text !== undefined && text.length > max) {
    const at = nested && isObject(value) ? `${pointer}/text` : pointer;
    problems.push(`must be at most ${max} characters [json-pointer:${at}]`);
  }
}

function checkElement(problems: string[], element: unknown, pointer: string): void {
  if (!isObject(element)) return;
  tooLong(problems, element.action_id, LIMITS.id, `${pointer}/action_id`, false);
  if (element.type === 'button') {
    tooLong(problems, element.text, LIMITS.buttonText, `${pointer}/text`);
    tooLong(problems, element.value, LIMITS.buttonValue, `${pointer}/value`, false);
    tooLong(problems, element.url, LIMITS.url, `${pointer}/url`, false);
  }
}

/** Problems with `blocks` for a message (`surface: 'message'`) or a view (modal or home). */
export function blockProblems(blocks: unknown, surface: 'message' | 'view'): string[] {
  const problems: string[] = [];
  if (blocks === undefined) return problems;
  if (!Array.isArray(blocks)) return ['must be an array [json-pointer:/blocks]'];
  const max = surface === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks;
  if (blocks.length > max) problems.push(`must have at most ${max} items [json-pointer:/blocks]`);
  blocks.forEach((block, index) => {
    const at = `/blocks/${index}`;
    if (!isObject(block) || typeof block.type !== 'string') {
      problems.push(`missing required field: type [json-pointer:${at}]`);
      return;
    }
    tooLong(problems, block.block_id, LIMITS.id, `${at}/block_id`, false);
    switch (block.type) {
      case 'section': {
        tooLong(problems, block.text, LIMITS.sectionText, `${at}/text`);
        if (Array.isArray(block.fields)) {
          if (block.fields.length > LIMITS.sectionFields)
            problems.push(
              `must have at most ${LIMITS.sectionFields} items [json-pointer:${at}/fields]`,
            );
          block.fields.forEach((field, i) => {
            tooLong(problems, field, LIMITS.fieldText, `${at}/fields/${i}`);
          });
        }
        if (block.text === undefined && block.fields === undefined)
          problems.push(`must provide text or fields [json-pointer:${at}]`);
        checkElement(problems, block.accessory, `${at}/accessory`);
        break;
      }
      case 'header':
        tooLong(problems, block.text, LIMITS.headerText, `${at}/text`);
        break;
      case 'context':
        if (Array.isArray(block.elements) && block.elements.length > LIMITS.contextElements)
          problems.push(
            `must have at most ${LIMITS.contextElements} items [json-pointer:${at}/elements]`,
          );
        break;
      case 'actions':
        if (Array.isArray(block.elements)) {
          if (block.elements.length > LIMITS.actionsElements)
            problems.push(
              `must have at most ${LIMITS.actionsElements} items [json-pointer:${at}/elements]`,
            );
          block.elements.forEach((element, i) => {
            checkElement(problems, element, `${at}/elements/${i}`);
          });
        }
        break;
      case 'input':
        checkElement(problems, block.element, `${at}/element`);
        break;
      default:
        break;
    }
  });
  return problems;
}

/** Problems with a modal or App Home view (title, buttons, metadata, blocks). */
export function viewProblems(view: unknown): string[] {
  if (!isObject(view)) return ['must be an object [json-pointer:/view]'];
  const problems: string[] = [];
  if (view.type !== 'modal' && view.type !== 'home')
    problems.push('must be one of modal, home [json-pointer:/view/type]');
  if (view.type === 'modal') {
    if (textOf(view.title) === undefined)
      problems.push('missing required field: title [json-pointer:/view/title]');
    tooLong(problems, view.title, LIMITS.viewTitle, '/view/title');
    tooLong(problems, view.submit, LIMITS.viewTitle, '/view/submit');
    tooLong(problems, view.close, LIMITS.viewTitle, '/view/close');
  }
  tooLong(problems, view.private_metadata, LIMITS.privateMetadata, '/view/private_metadata', false);
  tooLong(problems, view.callback_id, LIMITS.id, '/view/callback_id', false);
  for (const problem of blockProblems(view.blocks, 'view'))
    problems.push(problem.replace('[json-pointer:/blocks', '[json-pointer:/view/blocks'));
  return problems;
}
