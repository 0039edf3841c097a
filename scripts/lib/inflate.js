// A bigger knowledge base for benchmarks: perturbed copies of the real sections.

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ka',
  'ran',
  'sen',
  'to',
  'mi',
  'lor',
  'pa',
  'vin',
  'du',
  'sel',
  'mo',
  'tri',
  'na',
  'bu',
];

/**
 * `scale` copies of the sections (the first unchanged): each copy gets its own paths and ids, and
 * about one word in eight of its text (one in twenty of its title) swapped for an invented word,
 * so the vocabulary and the postings grow the way a bigger knowledge base's would.
 */
export function inflate(sections, scale) {
  const random = mulberry32(2026);
  const invent = () => {
    let w = '';
    for (let n = 2 + Math.floor(random() * 3); n > 0; n--)
      w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    return w;
  };
  const perturb = (text, p) => text.replace(/\p{L}{4,}/gu, (w) => (random() < p ? invent() : w));
  const out = [...sections];
  for (let k = 1; k < scale; k++) {
    for (const s of sections) {
      const path = `copies/${k}/${s.path}`;
      out.push({
        ...s,
        id: `${path}#${s.anchor}`,
        path,
        title: perturb(s.title, 0.05),
        text: perturb(s.text, 0.125),
      });
    }
  }
  return out;
}
