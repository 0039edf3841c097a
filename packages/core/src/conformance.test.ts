import { openKnowledgeBase } from '@ascn/knowledge';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeAction } from './actions.js';
import { COMMANDS } from './commands/index.js';
import { encodeFormRef, fieldsOf, MAX_GROUP_FIELDS } from './forms.js';
import { PLATFORM_LIMITS } from './limits.js';
import { commandTree } from './registry.js';
import { partsOf, replyToText } from './reply.js';
import { DOCS_DIR } from './test-support.js';
import { type ConformanceCase, conformanceReplies } from './testing.js';

const D = PLATFORM_LIMITS.discord;
const S = PLATFORM_LIMITS.slack;

let cases: ConformanceCase[] = [];
beforeAll(async () => {
  cases = await conformanceReplies({
    knowledge: await openKnowledgeBase({ docsDir: DOCS_DIR, warn: () => {} }),
  });
}, 120_000);

describe('every reply the core makes, at its longest', () => {
  it('covers every kind of reply and message', () => {
    const names = cases.map((c) => c.name);
    for (const expected of [
      'help (officer)',
      'admin help',
      'deadlines',
      'answer',
      'answer with the calendar',
      'decline',
      'share form',
      'status form',
      'form returned with errors',
      'practice shared',
      'report',
      'gaps',
      'home',
      'delivery reminder:officer:reminder',
      'delivery reminder:channel:reminder',
      'delivery digest:officer:digest',
      'delivery status-prompt:officer:status-prompt',
      'delivery nudge:officer:status-nudge',
      'delivery escalation:officer:status-escalation',
      'delivery announcement:channel:practice',
      'notice',
      'legacy',
    ].map((n) => (n === 'notice' || n === 'legacy' ? `delivery ${n}` : n)))
      expect(names).toContain(expected);
  });

  it('gives every button an id that fits Discord’s 100 characters, and labels that fit', () => {
    for (const { name, reply } of cases)
      for (const block of reply.blocks) {
        if (block.kind !== 'buttons') continue;
        expect(block.buttons.length, name).toBeLessThanOrEqual(D.buttonsPerRow);
        for (const b of block.buttons) {
          expect(encodeAction(b.action).length, name).toBeLessThanOrEqual(D.customId);
          expect(b.label.length, name).toBeLessThanOrEqual(S.buttonText);
        }
      }
  });

  it('declares forms in groups of at most five inputs, with labels, titles and choices every platform can show', () => {
    const forms = cases.flatMap(({ name, reply }) =>
      reply.blocks.flatMap((b) => (b.kind === 'form' ? [{ name, block: b }] : [])),
    );
    expect(forms.length).toBeGreaterThanOrEqual(3);
    for (const { name, block } of forms) {
      const { form } = block;
      expect(form.title.length, name).toBeLessThanOrEqual(S.modalTitle);
      expect(form.submitLabel.length, name).toBeLessThanOrEqual(S.modalSubmit);
      expect(
        encodeFormRef({ formId: form.id, context: form.context, group: 9, draftId: 'x'.repeat(16) })
          .length,
      ).toBeLessThanOrEqual(D.customId);
      for (const group of form.groups) {
        expect(group.fields.length, name).toBeLessThanOrEqual(MAX_GROUP_FIELDS);
        expect(group.title.length, name).toBeLessThanOrEqual(D.modalTitle);
      }
      for (const field of fieldsOf(form)) {
        expect(field.label.length, `${name} ${field.name}`).toBeLessThanOrEqual(D.inputLabel);
        expect((field.placeholder ?? '').length).toBeLessThanOrEqual(D.inputPlaceholder);
        const options = field.options ?? [];
        // More choices than Discord's select holds must say so: the platform shows a search.
        if (options.length > D.selectOptions)
          expect(field.searchable, `${name} ${field.name}`).toBe(true);
        for (const o of options)
          expect(o.value.length, `${name} ${field.name}`).toBeLessThanOrEqual(D.optionLabel);
      }
    }
  });

  it('keeps instants as instants and links absolute, and renders as plain text without loss', () => {
    let instants = 0;
    for (const { name, reply } of cases) {
      const text = replyToText(reply, 'Asia/Yangon');
      expect(text.length, name).toBeGreaterThan(0);
      for (const block of reply.blocks) {
        const lines =
          block.kind === 'text' || block.kind === 'note'
            ? [block.text]
            : block.kind === 'list'
              ? block.items
              : block.kind === 'fields'
                ? block.fields.map((f) => f.value)
                : [];
        for (const part of lines.flatMap((l) => partsOf(l))) {
          if (typeof part === 'string') continue;
          if (part.kind === 'time') {
            instants++;
            expect(Number.isNaN(Date.parse(part.at)), name).toBe(false);
          } else expect(part.url, name).toMatch(/^https:\/\//);
        }
        if (block.kind === 'citation') expect(block.url, name).toMatch(/^https:\/\/.+#/);
      }
    }
    expect(instants).toBeGreaterThan(0);
  });
});

describe('the command registry', () => {
  it('fits Discord’s slash commands: names, descriptions, options and choices', () => {
    const NAME = /^[a-z][a-z0-9-]{0,31}$/;
    for (const command of COMMANDS) {
      for (const word of command.path) expect(word, command.usage).toMatch(NAME);
      expect(command.summary.length, command.usage).toBeLessThanOrEqual(D.commandDescription);
      expect(command.args.length, command.usage).toBeLessThanOrEqual(25);
      for (const arg of command.args) {
        expect(arg.name, command.usage).toMatch(NAME);
        expect(arg.description.length, `${command.usage} ${arg.name}`).toBeLessThanOrEqual(
          D.commandDescription,
        );
        expect((arg.choices ?? []).length).toBeLessThanOrEqual(D.choices);
      }
      // Discord lists required options first.
      const firstOptional = command.args.findIndex((a) => !a.required);
      if (firstOptional >= 0)
        expect(
          command.args.slice(firstOptional).some((a) => a.required),
          command.usage,
        ).toBe(false);
    }
  });

  it('makes a tree Discord accepts: commands, groups of subcommands, at most 25 of each', () => {
    const tree = commandTree(COMMANDS, {});
    const names = tree.map((n) => n.name);
    expect(new Set(names).size).toBe(names.length);
    for (const top of tree) {
      expect(top.children.length).toBeLessThanOrEqual(25);
      // A top-level word is either a command or a group, never both.
      expect(Boolean(top.command) && top.children.length > 0, top.name).toBe(false);
      for (const sub of top.children) {
        expect(Boolean(sub.command) && sub.children.length > 0, sub.name).toBe(false);
        for (const leaf of sub.children) expect(leaf.children).toEqual([]);
      }
    }
  });
});
