// The engines compared by scripts/eval.js and scripts/bench.js, built from the same sections.
// Each `build(sections)` returns `run(q)` → `{ paths, declined, answer }`:
// - paths: result pages, best first (at most LIMIT);
// - declined: @ascn/knowledge (ask) declines with `answer: null`; a peer declines only by
//   returning no results at all;
// - answer: the text a person reads. For @ascn/knowledge (ask) it is `answer` (null when
//   declined). The peers have no answer picker, so their "answer" is the WHOLE text of their top
//   section: generous to them (a section holds far more than one or two sentences).
import { createKnowledgeBase } from '@ascn/knowledge';
import lunr from 'lunr';
import MiniSearch from 'minisearch';
import { EVAL_TODAY } from './eval-set.js';

export const LIMIT = 5;

/** Field boosts for the two peers: reasonable defaults, not tuned on the eval set. */
export const PEER_BOOSTS = { title: 2, heading: 3, tags: 1.5, text: 1 };

/** `run` for a knowledge base already built (e.g. opened from the docs with its index file). */
export function runAsk(kb) {
  return (q) => {
    const a = kb.ask(q, { limit: LIMIT });
    return { paths: a.results.map((r) => r.path), declined: a.answer === null, answer: a.answer };
  };
}

export const engines = {
  ours: {
    label: '@ascn/knowledge (ask)',
    // Every question searched afresh: the answers kept for repeated questions would time a lookup.
    build: (sections) =>
      runAsk(createKnowledgeBase(sections, undefined, { answersKept: 0, today: EVAL_TODAY })),
  },
  oursSearch: {
    label: '@ascn/knowledge (search only)',
    build(sections) {
      const kb = createKnowledgeBase(sections, undefined, { today: EVAL_TODAY });
      return (q) => {
        const results = kb.search(q, { limit: LIMIT });
        return {
          paths: results.map((r) => r.path),
          declined: results.length === 0,
          answer: results[0]?.text ?? null,
        };
      };
    },
  },
  minisearch: {
    label: 'MiniSearch 7 (prefix, fuzzy 0.2)',
    build(sections) {
      const byId = new Map(sections.map((s) => [s.id, s]));
      const ms = new MiniSearch({
        idField: 'id',
        fields: ['title', 'heading', 'text', 'tags'],
        extractField: (doc, field) => (field === 'tags' ? doc.tags.join(' ') : doc[field]),
        searchOptions: { boost: PEER_BOOSTS, prefix: true, fuzzy: 0.2 },
      });
      ms.addAll(sections);
      return (q) => {
        const results = ms.search(String(q)).slice(0, LIMIT);
        return {
          paths: results.map((r) => byId.get(r.id).path),
          declined: results.length === 0,
          answer: results.length ? byId.get(results[0].id).text : null,
        };
      };
    },
  },
  lunr: {
    label: 'Lunr 2.3.9 (plain, index.search)',
    build(sections) {
      const byId = new Map(sections.map((s) => [s.id, s]));
      const index = lunr(function () {
        this.ref('id');
        for (const [field, boost] of Object.entries(PEER_BOOSTS)) this.field(field, { boost });
        for (const s of sections)
          this.add({
            id: s.id,
            title: s.title,
            heading: s.heading,
            text: s.text,
            tags: s.tags.join(' '),
          });
      });
      return (q) => {
        // Lunr's query syntax (: ^ ~ * + - \) would throw on chat text; blank it out.
        let results = [];
        try {
          results = index.search(String(q).replace(/[:^~*+\-\\]/g, ' ')).slice(0, LIMIT);
        } catch {
          results = [];
        }
        return {
          paths: results.map((r) => byId.get(r.ref).path),
          declined: results.length === 0,
          answer: results.length ? byId.get(results[0].ref).text : null,
        };
      };
    },
  },
};
