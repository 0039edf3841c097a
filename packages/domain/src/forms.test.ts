import { describe, expect, it } from 'vitest';
import { DocFrontMatter } from './docs.js';
import { Officer } from './officers.js';
import { BestPractice } from './practices.js';
import { StatusUpdate } from './status.js';

const messages = (r: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

describe('status update', () => {
  it('coerces progress typed in a form and trims text', () => {
    const r = StatusUpdate.parse({
      project: ' Command centre ',
      status: 'at-risk',
      progress: '40',
      blockers: '  ',
    });
    expect(r).toEqual({
      project: 'Command centre',
      status: 'at-risk',
      progress: 40,
      highlights: undefined,
      blockers: undefined,
      helpNeeded: undefined,
    });
  });

  it('explains each wrong field in plain words', () => {
    const r = StatusUpdate.safeParse({ project: 'x', status: 'fine', progress: '140' });
    expect(messages(r)).toEqual({
      project: 'name the project (at least 3 characters)',
      status: 'choose one of: on track, at risk, delayed, done',
      progress: 'progress must be a number from 0 to 100',
    });
  });
});

describe('best practice', () => {
  const valid = {
    title: 'Flood sensors on canals',
    city: 'HCMC',
    focusAreas: ['quality-environment'],
    problem: 'Canals overflow without warning.',
    solution: 'Water-level sensors report every minute.',
  };
  it('resolves the city alias to its id', () => {
    expect(BestPractice.parse(valid).city).toBe('ho-chi-minh-city');
  });
  it('rejects an unknown city, no focus area and a bad link', () => {
    const r = BestPractice.safeParse({
      ...valid,
      city: 'Paris',
      focusAreas: [],
      links: ['not a url'],
    });
    expect(messages(r)).toMatchObject({
      city: 'not a city of the network; use its name, e.g. Makassar',
      focusAreas: 'choose at least one focus area',
      'links.0': 'each link must be a full URL starting with https://',
    });
  });
  it('takes https links only: javascript:, data: and http: are refused', () => {
    const r = BestPractice.safeParse({
      ...valid,
      links: [
        'javascript:alert(1)',
        'data:text/html,<b>x</b>',
        'http://example.org/plain',
        'https://example.org/ok',
      ],
    });
    expect(messages(r)).toEqual({
      'links.0': 'each link must be a full URL starting with https://',
      'links.1': 'each link must be a full URL starting with https://',
      'links.2': 'each link must be a full URL starting with https://',
    });
  });
});

describe('officer and front matter', () => {
  it('requires a city for a Chief Smart City Officer', () => {
    expect(
      messages(Officer.safeParse({ id: 'o1', name: 'Example Officer', role: 'csco' })),
    ).toEqual({
      cityId: 'a Chief Smart City Officer needs a city',
    });
  });
  it('requires sources on every knowledge-base page and refuses unknown keys', () => {
    const r = DocFrontMatter.safeParse({
      title: 'Page',
      summary: 'What this page says.',
      tags: ['ascn'],
      sources: [],
      updated: '2026-11-30',
      author: 'x',
    });
    expect(Object.keys(messages(r)).sort()).toEqual(['', 'sources']);
  });
});
