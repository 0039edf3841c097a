import { type Inline, type InlinePart, partsOf } from './reply.js';

/**
 * Each platform's limits, as data: the renderers keep within them and the conformance suite
 * (`@ascn/core/testing`) checks every reply the core can make against them.
 */
export const PLATFORM_LIMITS = {
  slack: {
    blocksPerMessage: 50,
    blocksPerModal: 100,
    sectionText: 3000,
    headerText: 150,
    contextElements: 10,
    fieldsPerSection: 10,
    fieldText: 2000,
    buttonText: 75,
    buttonsPerActions: 25,
    actionId: 255,
    buttonValue: 2000,
    modalTitle: 24,
    modalSubmit: 24,
    inputLabel: 2000,
    optionText: 75,
    optionValue: 150,
    staticSelectOptions: 100,
    placeholder: 150,
    privateMetadata: 3000,
    messageText: 40_000,
  },
  discord: {
    content: 2000,
    embedsPerMessage: 10,
    embedTitle: 256,
    embedDescription: 4096,
    embedFields: 25,
    embedFieldName: 256,
    embedFieldValue: 1024,
    embedFooter: 2048,
    embedTotal: 6000,
    actionRows: 5,
    buttonsPerRow: 5,
    buttonLabel: 80,
    customId: 100,
    modalTitle: 45,
    modalInputs: 5,
    inputLabel: 45,
    inputPlaceholder: 100,
    inputValue: 4000,
    selectOptions: 25,
    optionLabel: 100,
    commandDescription: 100,
    choices: 25,
  },
  web: {
    /** The page wraps long lines; a reply is kept to what a phone can scroll. */
    textBlock: 20_000,
    buttonLabel: 80,
    actionId: 100,
  },
} as const;

export type PlatformLimits = typeof PLATFORM_LIMITS;

export const ELLIPSIS = '…';

const length = (s: string) => s.length;
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * Cuts plain text to at most `max` characters (as `measure` counts them, e.g. after escaping),
 * at a word boundary when there is one in the last fifth, ending with "…". Never leaves half
 * of a surrogate pair or of an escaped entity: the cut is made in the raw text.
 */
export function fitText(
  text: string,
  max: number,
  measure: (s: string) => number = length,
): string {
  if (measure(text) <= max) return text;
  if (measure(ELLIPSIS) > max) return '';
  // The longest prefix whose measured length with the ellipsis fits: found at once when length
  // is the measure (every answer's notification text is cut so), else by bisection.
  let lo = 0;
  if (measure === length) lo = max - ELLIPSIS.length;
  else {
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (measure(text.slice(0, mid) + ELLIPSIS) <= max) lo = mid;
      else hi = mid - 1;
    }
  }
  // Never half of a surrogate pair.
  if (lo > 0 && isHighSurrogate(text.charCodeAt(lo - 1))) lo -= 1;
  let cut = text.slice(0, lo);
  const space = cut.search(/\s\S*$/);
  if (space > cut.length * 0.8) cut = cut.slice(0, space);
  return cut.trimEnd() + ELLIPSIS;
}

/**
 * Renders a line within `max` characters: `render` turns each part into the platform's markup
 * (escaped text, a `<url|text>` link, a date token). Text parts are cut at a word boundary; a
 * link, a date or a mention is kept whole or left out, never cut in half.
 */
export function fitInline(line: Inline, max: number, render: (part: InlinePart) => string): string {
  const parts = partsOf(line);
  const whole = parts.map(render).join('');
  if (whole.length <= max) return whole;
  let out = '';
  for (const part of parts) {
    const rendered = render(part);
    if (out.length + rendered.length + ELLIPSIS.length <= max) {
      out += rendered;
      continue;
    }
    if (typeof part === 'string') {
      const room = max - out.length;
      const cut = fitText(part, room, (s) => render(s).length);
      // fitText already ends with the ellipsis; render the text before it.
      out += cut.endsWith(ELLIPSIS) ? render(cut.slice(0, -ELLIPSIS.length)) + ELLIPSIS : cut;
      return out;
    }
    return `${out.trimEnd()}${ELLIPSIS}`;
  }
  return out;
}
