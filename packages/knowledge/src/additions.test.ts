import { describe, expect, it } from 'vitest';
import { createKnowledgeBase, type DocProblem, type KnowledgeBase } from './index.js';
import { FIXTURE_QUESTIONS, fixtureSections, page } from './test-fixtures.js';

/** Questions of the fixture knowledge base and the section each one finds first. */
const QUESTIONS = [...FIXTURE_QUESTIONS, 'strategic outcomes of the framework'];

const topIds = (kb: KnowledgeBase) =>
  QUESTIONS.map((q) => {
    const r = kb.search(q)[0];
    return r && `${r.path}#${r.anchor}`;
  });

const practice = (n: number, title: string, body: string) => ({
  path: `practices/shared/${n}.md`,
  markdown: page(title, body, 'city: davao-city\n'),
});

describe('the index of additions', () => {
  it('makes an added page win for questions about it, without pushing down other answers', async () => {
    const kb = createKnowledgeBase(await fixtureSections());
    const before = topIds(kb);
    kb.addDocuments([
      practice(
        1,
        'Davao City solar schools',
        'Davao City put rooftop solar panels on public schools to cut power bills.',
      ),
      // A page that shares words with other questions must not take their place.
      practice(
        2,
        'Makassar drainage volunteers',
        'Volunteers in Makassar clear drains before the rains.',
      ),
    ]);
    expect(kb.pendingAdditions()).toBe(2);
    expect(kb.ask('rooftop solar panels on schools').citation?.path).toBe('practices/shared/1.md');
    expect(kb.ask('who clears the drains in makassar before the rain').citation?.path).toBe(
      'practices/shared/2.md',
    );
    expect(topIds(kb)).toEqual(before);
  });

  it('finds first what a full rebuild finds first, and ranks exactly like it once folded', async () => {
    const extra = [
      practice(
        1,
        'Davao City solar schools',
        'Davao City put rooftop solar panels on public schools to cut power bills.',
      ),
      practice(
        2,
        'Cebu flood sensors',
        'Cebu City placed flood sensors in drains along the river.',
      ),
    ];
    const added = createKnowledgeBase(await fixtureSections());
    added.addDocuments(extra);
    const rebuilt = createKnowledgeBase([
      ...(await fixtureSections()),
      ...added.sections().filter((s) => s.path.startsWith('practices/shared/')),
    ]);
    const questions = [...QUESTIONS, 'solar panels', 'flood sensors in drains', 'davao schools'];
    const order = (kb: KnowledgeBase) =>
      questions.map((q) => kb.search(q).map((r) => `${r.path}#${r.anchor}`));
    // Before folding, the main index keeps the weights it was built with, so near ties may
    // differ a little from a rebuild; questions about the added pages find them first as a
    // rebuild does, and the other questions find first what they found before the additions.
    const fresh = ['solar panels', 'flood sensors in drains', 'davao schools'];
    const first = (kb: KnowledgeBase, qs: string[]) => qs.map((q) => kb.search(q)[0]?.path);
    expect(first(added, fresh)).toEqual(first(rebuilt, fresh));
    expect(first(added, QUESTIONS)).toEqual(
      first(createKnowledgeBase(await fixtureSections()), QUESTIONS),
    );
    await added.fold();
    expect(added.pendingAdditions()).toBe(0);
    expect(order(added)).toEqual(order(rebuilt));
  });

  it('folds by itself once the additions reach foldAt sections, and answers meanwhile', async () => {
    const kb = createKnowledgeBase(await fixtureSections(), undefined, { foldAt: 3 });
    kb.addDocuments([practice(1, 'Bicycle lanes', 'Painted bicycle lanes downtown.')]);
    kb.addDocuments([
      practice(2, 'Rooftop gardens', 'Gardens on market rooftops cool the stalls.'),
    ]);
    expect(kb.pendingAdditions()).toBe(2);
    kb.addDocuments([
      practice(3, 'Night markets', 'Night markets close streets to cars on Fridays.'),
    ]);
    // The fold has started; questions are still answered from the old index and the additions.
    expect(kb.search('night markets fridays')[0]?.path).toBe('practices/shared/3.md');
    await kb.fold();
    expect(kb.pendingAdditions()).toBe(0);
    expect(kb.search('night markets fridays')[0]?.path).toBe('practices/shared/3.md');
    expect(kb.search('painted bicycle lanes')[0]?.path).toBe('practices/shared/1.md');
  });

  it('keeps a page added during a fold in the additions', async () => {
    const kb = createKnowledgeBase(await fixtureSections());
    kb.addDocuments([practice(1, 'Bicycle lanes', 'Painted bicycle lanes downtown.')]);
    const folding = kb.fold();
    kb.addDocuments([practice(1, 'Bicycle parking', 'Covered bicycle parking at stations.')]);
    kb.addDocuments([
      practice(2, 'Rooftop gardens', 'Gardens on market rooftops cool the stalls.'),
    ]);
    await folding;
    expect(kb.pendingAdditions()).toBe(2);
    expect(kb.search('painted lanes downtown')).toEqual([]);
    expect(kb.search('covered bicycle parking')[0]?.path).toBe('practices/shared/1.md');
    expect(kb.sections().filter((s) => s.path === 'practices/shared/1.md')).toHaveLength(1);
  });

  it('replaces a page of the main index without rebuilding it', async () => {
    const kb = createKnowledgeBase(await fixtureSections());
    const path = 'practices/makassar-drainage.md';
    expect(kb.search('drainage sensors')[0]?.path).toBe(path);
    kb.addDocument({
      path,
      markdown: page('Makassar canals', 'Makassar dredges its canals every dry season.'),
    });
    expect(kb.search('drainage sensors').map((r) => r.path)).not.toContain(path);
    expect(kb.search('dredges canals dry season')[0]?.path).toBe(path);
    expect(
      kb
        .sections()
        .filter((s) => s.path === path)
        .map((s) => s.title),
    ).toEqual(['Makassar canals']);
  });
});

describe('addDocuments with onBroken', () => {
  it('adds the good pages and reports each broken one instead of throwing', async () => {
    const kb = createKnowledgeBase(await fixtureSections());
    const broken: Array<{ path: string; problems: DocProblem[] }> = [];
    const added = kb.addDocuments(
      [
        {
          path: 'practices/ok.md',
          markdown: page('Bicycle lanes', 'Painted bicycle lanes downtown.'),
        },
        { path: 'practices/bad.md', markdown: '# No front matter\n\nText.' },
        { path: 'practices/link.md', markdown: page('Links', 'See [this](missing.md).') },
        { path: '../outside.md', markdown: page('Outside', 'Text.') },
        {
          path: 'practices/fine.md',
          markdown: page('Rooftop gardens', 'Gardens on market rooftops.'),
        },
      ],
      { onBroken: (path, problems) => broken.push({ path, problems }) },
    );
    expect(added.map((s) => s.path)).toEqual(['practices/ok.md', 'practices/fine.md']);
    expect(broken.map((b) => b.path)).toEqual([
      '../outside.md',
      'practices/bad.md',
      'practices/link.md',
    ]);
    expect(broken[1]?.problems[0]?.message).toMatch(/missing front matter/);
    expect(broken[2]?.problems[0]?.message).toMatch(/broken link missing\.md/);
    expect(kb.search('painted bicycle lanes')[0]?.path).toBe('practices/ok.md');
    expect(kb.search('market rooftops')[0]?.path).toBe('practices/fine.md');
  });
});

describe('folding in the built package', () => {
  it('builds the new main index in a worker thread and swaps it in', async () => {
    // The built package (dist, made by the build this test task depends on) folds in a worker.
    const built = (await import(
      new URL('../dist/index.js', import.meta.url).href
    )) as typeof import('./index.js');
    const kb = built.createKnowledgeBase(await fixtureSections());
    kb.addDocuments([
      practice(
        1,
        'Davao City solar schools',
        'Davao City put rooftop solar panels on public schools.',
      ),
    ]);
    let answeredDuringFold = 0;
    const folding = kb.fold().then(() => 'folded');
    // The fold runs aside: this thread keeps answering until the swap.
    while ((await Promise.race([folding, Promise.resolve('running')])) === 'running') {
      if (kb.search('rooftop solar panels')[0]?.path === 'practices/shared/1.md')
        answeredDuringFold++;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(answeredDuringFold).toBeGreaterThan(0);
    expect(kb.pendingAdditions()).toBe(0);
    expect(kb.search('rooftop solar panels')[0]?.path).toBe('practices/shared/1.md');
  });
});

describe('answers asked again', () => {
  it('are the same answer until a page changes it, then the new one at once', async () => {
    const kb = createKnowledgeBase(await fixtureSections());
    const q = 'how did davao city cut school power bills';
    const first = kb.ask(q);
    expect(kb.ask(q)).toEqual(first);
    expect(first.citation?.path).not.toBe('practices/shared/7.md');
    kb.addDocuments([
      practice(
        7,
        'Davao City solar schools',
        'Davao City cut school power bills with rooftop solar panels on public schools.',
      ),
    ]);
    expect(kb.ask(q).citation?.path).toBe('practices/shared/7.md');
    // Replaced by a page that no longer says so: the old answer is not kept either.
    kb.addDocuments([practice(7, 'Davao City tree planting', 'Davao City planted trees.')]);
    expect(kb.ask(q).citation?.path).not.toBe('practices/shared/7.md');
  });

  it('are searched afresh every time when none are kept (the bench times the search)', async () => {
    const sections = await fixtureSections();
    const kept = createKnowledgeBase(sections);
    expect(kept.ask('what does a CSCO do')).toBe(kept.ask('what does a CSCO do'));
    const none = createKnowledgeBase(sections, undefined, { answersKept: 0 });
    const [first, again] = [none.ask('what does a CSCO do'), none.ask('what does a CSCO do')];
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('cannot be changed by one caller for the next', async () => {
    const kb = createKnowledgeBase(await fixtureSections());
    const answer = kb.ask('what does a CSCO do');
    expect(() => {
      (answer as { answer: string | null }).answer = 'something else';
    }).toThrow(TypeError);
    expect(kb.ask('what does a CSCO do').answer).not.toBe('something else');
  });
});
