// The ASCN Assistant's local web chat: plain browser JavaScript, no framework, no build step.
// Every piece of data reaches the page through textContent or a text node, never innerHTML.

const STORAGE_KEY = 'ascn.officerId';
const POLL_MS = 5000;
const REQUEST_TIMEOUT_MS = 30000;
const UNREACHABLE = 'Could not reach the assistant; your message is still in the box.';
const NO_ANSWER = 'The assistant could not answer just now; your message is still in the box.';
const FORM_UNREACHABLE =
  'Could not reach the assistant; your answers are still in the form. Please try again.';
const BUTTON_UNREACHABLE = 'Could not reach the assistant; please press the button again.';

const $ = (id) => document.getElementById(id);
const ui = {
  banner: $('banner'),
  picker: $('picker'),
  signedIn: $('signed-in'),
  meName: $('me-name'),
  meDetails: $('me-details'),
  signOutForm: $('sign-out-form'),
  signOut: $('sign-out'),
  officer: $('officer'),
  details: $('officer-details'),
  log: $('log'),
  chatForm: $('chat-form'),
  input: $('chat-input'),
  send: $('chat-send'),
  inbox: $('inbox'),
  inboxEmpty: $('inbox-empty'),
  inboxStatus: $('inbox-status'),
  inboxCount: $('inbox-count'),
};

const state = {
  /** @type {Array<{id: string, name: string, role: string, roleLabel?: string, city?: string | null, timeZone?: string, example?: boolean}>} */
  officers: [],
  /** @type {string | null} */
  officerId: null,
  /** The signed-in officer (from the session cookie), or null for a guest. */
  /** @type {{id: string, name: string, role: string, roleLabel?: string, cityId?: string | null} | null} */
  me: null,
  /** The page's security token, sent with every change while signed in. */
  /** @type {string | null} */
  csrfToken: null,
  busy: false,
  inbox: { after: null, seen: new Set(), generation: 0, polling: false, timer: 0 },
};

// ---------------------------------------------------------------- small helpers

const PROPERTIES = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'tabIndex']);

/** Builds an element; strings among the children become text nodes (so they are escaped). */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on') && typeof value === 'function')
      el.addEventListener(key.slice(2), value);
    else if (PROPERTIES.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

let counter = 0;
const uid = (prefix) => `${prefix}-${++counter}`;

/** A random id; crypto.randomUUID needs a secure context, so a LAN address falls back. */
function randomId() {
  if (typeof crypto.randomUUID === 'function') {
    try {
      return crypto.randomUUID();
    } catch {
      // not a secure context: fall through
    }
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const storage = {
  get(key) {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch {
      // private mode or storage full: the choice just is not remembered
    }
  },
};

const capitalise = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

const prefersReducedMotion = () =>
  window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

function reveal(el, block = 'nearest') {
  el.scrollIntoView?.({ block, behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
}

// ---------------------------------------------------------------- talking to the server

/** The server could not be reached, or did not answer with JSON. */
class Unreachable extends Error {}

/** Sends a request; resolves to { status, data } with parsed JSON, or throws Unreachable. */
async function api(method, path, body) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    let res;
    try {
      const headers = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (method !== 'GET' && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;
      res = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch {
      throw new Unreachable('network');
    }
    let data;
    try {
      data = await res.json();
    } catch {
      throw new Unreachable('not json');
    }
    if (data === null || typeof data !== 'object') throw new Unreachable('not an object');
    return { status: res.status, data };
  } finally {
    clearTimeout(timer);
  }
}

const NETWORK_REASONS = new Set(['network', 'not json', 'not an object']);

/** Plain words for a failed chat request; a server's own message is plain words already. */
function explain(error) {
  if (!(error instanceof Unreachable) || NETWORK_REASONS.has(error.message)) return UNREACHABLE;
  if (error.message === 'no reply') return NO_ANSWER;
  return `${error.message} Your message is still in the box.`;
}

const isReply = (r) => r !== null && typeof r === 'object' && Array.isArray(r.blocks);

// ---------------------------------------------------------------- rendering replies

// dateStyle/timeStyle cannot be combined with timeZoneName: spell the parts out.
const DAY = { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' };
const CLOCK = { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
const TIME_STYLES = {
  date: DAY,
  time: CLOCK,
  datetime: { ...DAY, ...CLOCK },
  relative: { ...DAY, ...CLOCK },
};

/** An instant in the browser's own zone (the reader's zone), as a <time> element. */
function renderTime(part) {
  const date = new Date(part.at);
  if (Number.isNaN(date.getTime())) return '';
  let label;
  try {
    label = new Intl.DateTimeFormat(
      undefined,
      TIME_STYLES[part.style] ?? TIME_STYLES.datetime,
    ).format(date);
  } catch {
    label = `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  }
  return h('time', { datetime: date.toISOString() }, label);
}

/** A line of a reply: plain text, or parts (text, instants, links). Links open only http(s). */
function inline(line) {
  if (typeof line === 'string') return line;
  if (!Array.isArray(line)) return '';
  return line.map((part) => {
    if (typeof part === 'string') return part;
    if (part?.kind === 'time') return renderTime(part);
    if (part?.kind === 'link') {
      const safe = typeof part.url === 'string' && /^https?:\/\//i.test(part.url);
      return safe
        ? h(
            'a',
            { href: part.url, target: '_blank', rel: 'noopener noreferrer' },
            String(part.text ?? part.url),
          )
        : String(part.text ?? '');
    }
    return '';
  });
}

/**
 * Renders a Reply (see packages/core/src/reply.ts) as HTML.
 * @param {{ blocks: any[], tone?: string, visibility?: string }} reply
 * @param {{ focusForm?: boolean }} [opts]
 */
function renderReply(reply, opts = {}) {
  const error = reply.tone === 'error';
  const box = h('div', {
    class: error ? 'reply reply-error' : 'reply',
    role: error ? 'alert' : null,
  });
  for (const block of reply.blocks) {
    const el = renderBlock(block, opts);
    if (el) box.append(el);
  }
  return box;
}

function renderBlock(block, opts) {
  if (!block || typeof block !== 'object') return null;
  switch (block.kind) {
    case 'heading':
      return h('h3', { class: 'reply-heading' }, block.text);
    case 'text':
      return h('p', { class: 'reply-text' }, inline(block.text));
    case 'note':
      return h('p', { class: 'note' }, inline(block.text));
    case 'fields':
      return h(
        'dl',
        { class: 'fields' },
        (block.fields ?? []).map((f) =>
          h('div', {}, h('dt', {}, f.label), h('dd', {}, inline(f.value))),
        ),
      );
    case 'list':
      return h(
        'ul',
        { class: 'reply-list' },
        (block.items ?? []).map((item) => h('li', {}, inline(item))),
      );
    case 'citation':
      return renderCitation(block);
    case 'buttons':
      return renderButtons(block.buttons ?? []);
    case 'form':
      return renderForm(block.form, block.values ?? {}, {
        ...opts,
        draftId: block.draftId,
        errors: {
          ...(block.fieldErrors ?? {}),
          ...(block.formError ? { form: block.formError } : {}),
        },
      });
    default:
      // A block kind this page does not know yet: show its text if it has any.
      return typeof block.text === 'string' ? h('p', { class: 'reply-text' }, block.text) : null;
  }
}

function renderCitation(block) {
  const name =
    block.heading && block.heading !== block.title
      ? `${block.title} › ${block.heading}`
      : block.title;
  const location = `docs/${block.path}${block.anchor ? `#${block.anchor}` : ''}`;
  const path = h('code', { class: 'citation-path' }, location);
  // The server shows every cited page, shared practices included, at /docs/<path>.
  const servable = typeof block.path === 'string';
  const relative = `/docs/${String(block.path).split('/').map(encodeURIComponent).join('/')}${
    block.anchor ? `#${encodeURIComponent(block.anchor)}` : ''
  }`;
  // The reply's own absolute link when it points at this page's server; else the relative one.
  const href =
    typeof block.url === 'string' && block.url.startsWith(window.location.origin)
      ? block.url
      : relative;
  return h(
    'p',
    { class: 'citation' },
    h('span', { class: 'citation-label' }, 'Source: '),
    h('cite', {}, name),
    ' ',
    servable
      ? h('a', { class: 'citation-link', href, target: '_blank', rel: 'noopener' }, path)
      : path,
  );
}

function renderButtons(buttons) {
  const group = h('div', { class: 'buttons', role: 'group', 'aria-label': 'Actions' });
  for (const b of buttons) {
    const button = h(
      'button',
      {
        type: 'button',
        class: b.style === 'primary' ? 'primary' : b.style === 'danger' ? 'danger' : 'secondary',
        'data-action': b.action,
      },
      b.label,
    );
    button.addEventListener('click', () => runAction(group, button, b));
    group.append(button);
  }
  return group;
}

// ---------------------------------------------------------------- forms

/**
 * Renders a FormSpec (see packages/core/src/forms.ts) as an HTML form.
 * One idempotency key per rendered form: a double click or a retry never stores twice.
 */
function renderForm(spec, values, opts = {}) {
  const idempotencyKey = randomId();
  const groups = Array.isArray(spec.groups)
    ? spec.groups
    : [{ title: '', fields: spec.fields ?? [] }];
  const fields = groups.flatMap((g) => g.fields ?? []);
  let draftId = opts.draftId || undefined;
  const titleId = uid('form-title');
  const form = h('form', {
    class: 'reply-form',
    novalidate: true,
    'aria-labelledby': titleId,
    'data-form': spec.id,
  });
  form.append(h('h3', { id: titleId, class: 'form-title' }, spec.title));
  if (fields.some((f) => f.required))
    form.append(
      h(
        'p',
        { class: 'note' },
        'Fields marked ',
        h('span', { class: 'req', 'aria-hidden': 'true' }, '*'),
        ' are required.',
      ),
    );

  /** @type {Map<string, ReturnType<typeof renderField>>} */
  const controls = new Map();
  for (const group of groups) {
    // Several groups (Discord shows them as steps) are one form here, each under its title.
    const target =
      groups.length > 1
        ? h('fieldset', { class: 'form-group' }, h('legend', {}, group.title))
        : form;
    if (target !== form) form.append(target);
    for (const field of group.fields ?? []) {
      const control = renderField(field, values[field.name]);
      controls.set(field.name, control);
      target.append(control.wrapper);
    }
  }

  const generalId = uid('form-error');
  const general = h('p', { id: generalId, class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, spec.submitLabel || 'Send');
  form.append(general, h('div', { class: 'form-actions' }, submit));

  function clearErrors() {
    general.hidden = true;
    general.textContent = '';
    for (const c of controls.values()) c.setError(null);
  }

  function showErrors(errors) {
    const generalMessages = [];
    const fieldNames = [];
    let first = null;
    for (const [name, message] of Object.entries(errors)) {
      const control = controls.get(name);
      if (control && typeof message === 'string') {
        control.setError(capitalise(message));
        fieldNames.push(control.field.label);
        first ??= control;
      } else if (typeof message === 'string') generalMessages.push(capitalise(message));
    }
    if (fieldNames.length > 0 && generalMessages.length === 0)
      generalMessages.push(
        `Please check ${fieldNames.length === 1 ? 'this field' : 'these fields'}: ${fieldNames.join(', ')}.`,
      );
    if (generalMessages.length > 0) {
      general.textContent = generalMessages.join(' ');
      general.hidden = false;
    }
    if (first) first.focusTarget.focus();
    else if (!general.hidden) reveal(general);
  }

  let sending = false;
  let done = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending || done) return;
    sending = true;
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    clearErrors();
    const formValues = {};
    for (const [name, c] of controls) formValues[name] = c.read();
    try {
      const { data } = await api('POST', `/api/forms/${encodeURIComponent(spec.id)}`, {
        officerId: actingAs(),
        context: spec.context ?? {},
        values: formValues,
        idempotencyKey,
        ...(draftId ? { draftId } : {}),
      });
      if (data.status === 'done' && isReply(data.reply)) {
        done = true;
        const confirmation = renderReply(data.reply);
        confirmation.tabIndex = -1;
        form.replaceWith(confirmation);
        confirmation.focus({ preventScroll: true });
        reveal(confirmation);
        return;
      }
      const again = isReply(data.reply) ? data.reply.blocks.find((b) => b?.kind === 'form') : null;
      if (data.status === 'invalid' && again) {
        draftId = again.draftId || draftId;
        showErrors({
          ...(again.fieldErrors ?? {}),
          ...(again.formError ? { form: again.formError } : {}),
        });
        return;
      }
      if (isReply(data.reply)) {
        // An error said as a reply rather than as field errors: show it above the button.
        general.textContent = data.reply.blocks
          .map((b) => (b?.kind === 'text' && typeof b.text === 'string' ? b.text : ''))
          .filter(Boolean)
          .join(' ');
        general.hidden = general.textContent === '';
        return;
      }
      throw new Unreachable('unexpected answer');
    } catch {
      general.textContent = FORM_UNREACHABLE;
      general.hidden = false;
      reveal(general);
    } finally {
      sending = false;
      form.removeAttribute('aria-busy');
      if (!done) submit.disabled = false;
    }
  });

  if (opts.errors && Object.keys(opts.errors).length > 0)
    queueMicrotask(() => showErrors(opts.errors));
  else if (opts.focusForm)
    queueMicrotask(() => controls.values().next().value?.focusTarget.focus());
  return form;
}

/** One labelled field: the control, its hint, and a slot for its error. */
function renderField(field, value) {
  const id = uid(`field-${field.name}`);
  const hintId = field.hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const wrapper = h('div', { class: `field field-${field.kind}`, 'data-field': field.name });
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const hint = field.hint ? h('p', { id: hintId, class: 'hint' }, field.hint) : null;
  const required = field.required
    ? [' ', h('span', { class: 'req', 'aria-hidden': 'true' }, '*')]
    : [' ', h('span', { class: 'optional' }, '(optional)')];
  const asList = Array.isArray(value) ? value : typeof value === 'string' && value ? [value] : [];
  const asText = Array.isArray(value) ? value.join('\n') : typeof value === 'string' ? value : '';

  let control;
  let focusTarget;
  let read;

  if (field.kind === 'multiselect') {
    const boxes = (field.options ?? []).map((option) => {
      const boxId = uid(`${id}-option`);
      const box = h('input', {
        type: 'checkbox',
        id: boxId,
        name: field.name,
        value: option.value,
        checked: asList.includes(option.value),
      });
      return {
        box,
        row: h('div', { class: 'check' }, box, h('label', { for: boxId }, option.label)),
      };
    });
    control = h(
      'fieldset',
      { class: 'checks', id },
      h(
        'legend',
        {},
        field.label,
        required,
        field.required ? h('span', { class: 'visually-hidden' }, ' (required)') : null,
      ),
      boxes.map((b) => b.row),
    );
    wrapper.append(control);
    focusTarget = boxes[0]?.box ?? control;
    read = () => boxes.filter((b) => b.box.checked).map((b) => b.box.value);
  } else {
    const common = {
      id,
      name: field.name,
      'aria-required': field.required ? 'true' : null,
      placeholder: field.placeholder ?? null,
      maxlength: field.maxLength ?? null,
    };
    if (field.kind === 'textarea' || field.kind === 'urls') {
      control = h('textarea', {
        ...common,
        rows: field.kind === 'urls' ? 3 : 4,
        spellcheck: field.kind === 'urls' ? 'false' : null,
        inputmode: field.kind === 'urls' ? 'url' : null,
      });
      control.value = asText;
    } else if (field.kind === 'select') {
      const options = field.options ?? [];
      const chosen = options.some((o) => o.value === asText) ? asText : '';
      control = h(
        'select',
        common,
        h('option', { value: '', selected: chosen === '' }, 'Choose…'),
        options.map((o) => h('option', { value: o.value, selected: o.value === chosen }, o.label)),
      );
    } else if (field.kind === 'number') {
      control = h('input', { ...common, type: 'number', inputmode: 'decimal', step: 'any' });
      control.value = asText;
    } else {
      control = h('input', { ...common, type: 'text' });
      control.value = asText;
    }
    wrapper.append(h('label', { for: id }, field.label, required));
    wrapper.append(control);
    focusTarget = control;
    read = () => control.value;
  }
  if (hint) wrapper.append(hint);
  wrapper.append(error);

  const describe = (withError) => {
    const ids = [hintId, withError ? errorId : null].filter(Boolean).join(' ');
    if (ids) control.setAttribute('aria-describedby', ids);
    else control.removeAttribute('aria-describedby');
  };
  describe(false);

  return {
    field,
    wrapper,
    focusTarget,
    read,
    setError(message) {
      error.textContent = message ?? '';
      error.hidden = !message;
      wrapper.classList.toggle('has-error', Boolean(message));
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
      describe(Boolean(message));
    },
  };
}

// ---------------------------------------------------------------- the chat log

function addMessage(who, ...content) {
  const label = { user: 'You', assistant: 'Assistant', system: 'Note' }[who];
  const message = h(
    'div',
    { class: `message ${who}` },
    h('span', { class: 'visually-hidden' }, `${label}: `),
    content,
  );
  ui.log.append(message);
  return message;
}

function addReply(reply, opts = {}) {
  return addMessage('assistant', renderReply(reply, opts));
}

function addSystem(text, { error = false } = {}) {
  const message = addMessage('system', h('p', {}, text));
  if (error) {
    message.classList.add('error');
    message.setAttribute('role', 'alert');
  }
  reveal(message);
  return message;
}

/** Sends what was typed (or a quick command); on failure the words stay in the box. */
async function sendText(raw) {
  const text = raw.trim();
  if (!text) {
    ui.input.focus();
    return;
  }
  if (state.busy) return;
  state.busy = true;
  ui.send.disabled = true;
  ui.log.setAttribute('aria-busy', 'true');
  const mine = addMessage('user', h('p', {}, text));
  reveal(mine, 'start');
  try {
    const { data } = await api('POST', '/api/chat', {
      officerId: actingAs(),
      text,
      requestId: randomId(),
    });
    if (!isReply(data.reply))
      throw new Unreachable(typeof data.error === 'string' ? data.error : 'no reply');
    if (ui.input.value.trim() === text) ui.input.value = '';
    const answer = addReply(data.reply, { focusForm: true });
    reveal(answer.querySelector('form') ? answer : mine, 'start');
  } catch (error) {
    mine.classList.add('not-sent');
    mine.append(h('p', { class: 'note' }, 'Not sent'));
    if (!ui.input.value.trim()) ui.input.value = text;
    addSystem(explain(error), { error: true });
    ui.input.focus();
  } finally {
    state.busy = false;
    ui.send.disabled = false;
    ui.log.removeAttribute('aria-busy');
  }
}

async function runAction(group, button, spec) {
  if (button.disabled) return;
  const all = [...group.querySelectorAll('button')];
  for (const b of all) b.disabled = true;
  try {
    const { data } = await api('POST', '/api/actions', {
      officerId: actingAs(),
      action: spec.action,
      requestId: randomId(),
    });
    if (!isReply(data.reply)) throw new Unreachable('no reply');
    button.classList.add('chosen');
    button.setAttribute('aria-pressed', 'true');
    addMessage('user', h('p', {}, spec.label));
    const answer = addReply(data.reply, { focusForm: true });
    reveal(answer);
  } catch {
    for (const b of all) b.disabled = false;
    addSystem(BUTTON_UNREACHABLE, { error: true });
  }
}

// ---------------------------------------------------------------- who is using the page

/** The example person a guest picked; a signed-in officer is always themselves (the cookie says so). */
function actingAs() {
  return state.me ? null : state.officerId;
}

function currentOfficer() {
  if (state.me) return state.officers.find((o) => o.id === state.me.id) ?? null;
  return state.officers.find((o) => o.id === state.officerId) ?? null;
}

/** Who is signed in (from the session cookie, which the page cannot read itself). */
async function loadSession() {
  try {
    const { data } = await api('GET', '/api/session');
    state.me = data.officer && typeof data.officer.id === 'string' ? data.officer : null;
    state.csrfToken = typeof data.csrfToken === 'string' ? data.csrfToken : null;
  } catch {
    state.me = null;
    state.csrfToken = null;
  }
  renderWho();
}

function renderWho() {
  ui.signedIn.hidden = !state.me;
  ui.picker.hidden = Boolean(state.me);
  if (!state.me) return;
  ui.meName.textContent = state.me.name;
  const o = currentOfficer();
  ui.meDetails.textContent = [
    state.me.roleLabel ?? state.me.role,
    o?.city,
    o?.timeZone && `times in ${o.timeZone}`,
  ]
    .filter(Boolean)
    .join(' · ');
  ui.banner.replaceChildren(
    h('strong', {}, 'Signed in.'),
    ` You use this page as ${state.me.name}: what you send and share is real. Sign out on a shared computer.`,
  );
}

async function signOut() {
  ui.signOut.disabled = true;
  try {
    const { status } = await api('POST', '/api/signout', {});
    if (status >= 400) throw new Unreachable('not signed out');
    window.location.assign('/');
  } catch {
    ui.signOut.disabled = false;
    addSystem('Could not sign out just now; please try again.', { error: true });
  }
}

function describeOfficer(o) {
  if (!o) return 'Guests can ask questions and see deadlines.';
  const parts = [o.roleLabel ?? o.role];
  if (o.city) parts.push(o.city);
  if (o.timeZone) parts.push(`times in ${o.timeZone}`);
  if (o.example) parts.push('example person');
  return parts.filter(Boolean).join(' · ');
}

function setOfficer(id, { announce = false } = {}) {
  state.officerId = id || null;
  ui.officer.value = state.officerId ?? '';
  storage.set(STORAGE_KEY, state.officerId);
  const o = currentOfficer();
  ui.details.textContent = describeOfficer(o);
  if (announce) addSystem(o ? `You are now ${o.name}.` : 'You are now a guest.');
  resetInbox();
}

async function loadOfficers() {
  try {
    const { data } = await api('GET', '/api/officers');
    const list = Array.isArray(data) ? data : Array.isArray(data.officers) ? data.officers : null;
    if (!list) throw new Unreachable('no officers');
    state.officers = list.filter((o) => o && typeof o.id === 'string');
  } catch {
    ui.details.textContent =
      'Could not load the list of people; you are a guest for now. Reload the page to try again.';
    resetInbox();
    return;
  }
  // The picker offers the example people only (a signed-in officer is themselves).
  for (const o of state.officers.filter((x) => x.example))
    ui.officer.append(h('option', { value: o.id }, o.name));
  const remembered = storage.get(STORAGE_KEY);
  if (state.me) {
    renderWho();
    resetInbox();
    return;
  }
  setOfficer(state.officers.some((o) => o.id === remembered && o.example) ? remembered : null);
}

// ---------------------------------------------------------------- messages for you (inbox)

function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const zone = currentOfficer()?.timeZone;
  const options = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(date);
  }
}

function resetInbox() {
  const inbox = state.inbox;
  inbox.generation++;
  inbox.after = null;
  inbox.seen.clear();
  for (const item of ui.inbox.querySelectorAll('.inbox-item')) item.remove();
  ui.inboxEmpty.hidden = false;
  ui.inboxStatus.textContent = '';
  ui.inboxCount.textContent = '';
  clearTimeout(inbox.timer);
  inbox.timer = setTimeout(pollInbox, 0);
}

const laterId = (a, b) => {
  if (a === null) return b;
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return nb > na ? b : a;
  return String(b) > String(a) ? b : a;
};

async function pollInbox() {
  const inbox = state.inbox;
  clearTimeout(inbox.timer);
  if (inbox.polling) return;
  if (document.hidden) {
    inbox.timer = setTimeout(pollInbox, POLL_MS);
    return;
  }
  const generation = inbox.generation;
  inbox.polling = true;
  try {
    const params = new URLSearchParams();
    params.set('officerId', actingAs() ?? '');
    if (inbox.after !== null) params.set('after', String(inbox.after));
    const { status, data } = await api('GET', `/api/inbox?${params}`);
    if (generation !== inbox.generation) return;
    if (status >= 400 || !Array.isArray(data.messages)) throw new Unreachable('no messages');
    if ((data.signedInAs ?? null) !== (state.me?.id ?? null)) {
      // Signed out elsewhere (or the session ended): show the page as it now is.
      await loadSession();
      addSystem(
        state.me ? `You are signed in as ${state.me.name}.` : 'You are no longer signed in.',
      );
      resetInbox();
      return;
    }
    for (const m of data.messages) {
      if (!m || m.id === undefined || inbox.seen.has(String(m.id))) continue;
      inbox.seen.add(String(m.id));
      inbox.after = laterId(inbox.after, m.id);
      if (!isReply(m.reply)) continue;
      const when = formatTime(m.createdAt);
      const where = m.to === 'channel' ? 'In #general' : m.to === 'officer' ? 'For you' : '';
      const item = h(
        'article',
        { class: 'inbox-item' },
        when || where
          ? h(
              'p',
              { class: 'note inbox-meta' },
              where,
              where && when ? ' · ' : '',
              when ? h('time', { datetime: m.createdAt }, when) : null,
            )
          : null,
        renderReply(m.reply),
      );
      ui.inbox.prepend(item);
      ui.inboxEmpty.hidden = true;
      const n = ui.inbox.querySelectorAll('.inbox-item').length;
      ui.inboxCount.textContent = `(${n})`;
    }
    ui.inboxStatus.textContent = '';
  } catch {
    if (generation === inbox.generation)
      ui.inboxStatus.textContent = 'Could not check for new messages; trying again shortly.';
  } finally {
    inbox.polling = false;
    if (generation === inbox.generation) inbox.timer = setTimeout(pollInbox, POLL_MS);
    else inbox.timer = setTimeout(pollInbox, 0);
  }
}

// ---------------------------------------------------------------- start

ui.chatForm.addEventListener('submit', (event) => {
  event.preventDefault();
  sendText(ui.input.value);
});

for (const button of document.querySelectorAll('.quick-button')) {
  button.addEventListener('click', () => sendText(button.dataset.command ?? ''));
}

ui.officer.addEventListener('change', () => setOfficer(ui.officer.value, { announce: true }));

ui.signOutForm.addEventListener('submit', (event) => {
  event.preventDefault();
  signOut();
});

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) pollInbox();
});

addSystem('Ask a question about the network, or type "help" to see what I can do.');
loadSession().then(loadOfficers);
