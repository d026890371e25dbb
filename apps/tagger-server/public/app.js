// The tagger's browser client: keyboard-first tagging with a prefetched queue; every record text goes in through textContent.

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** Actions a key can trigger, in the order the settings table lists them. */
const ACTIONS = [
  ...Array.from({ length: 9 }, (_, i) => ({ id: `label${i + 1}`, name: `Label ${i + 1}`, key: String(i + 1) })),
  { id: 'accept', name: 'Accept (binary tasks)', key: 'a' },
  { id: 'reject', name: 'Reject (binary tasks)', key: 'r' },
  { id: 'skip', name: 'Skip', key: 's' },
  { id: 'undo', name: 'Undo', key: 'u' },
  { id: 'hints', name: 'Show / hide hints', key: 'h' },
  { id: 'guidelines', name: 'Show / hide guidelines', key: 'g' },
];
const KEYS_STORAGE = 'skimmer-tagger.keys';
const QUEUE_TARGET = 6;
const QUEUE_LOW = 3;

/** @type {{ enabled: boolean, keys: Record<string, string> }} */
let keySettings = loadKeySettings();

const state = {
  /** @type {any} */ project: null,
  /** @type {any[]} */ queue: [],
  /** @type {any} */ current: null,
  shownAt: 0,
  showHints: false,
  fetching: false,
  exhausted: false,
  /** Decisions and undos run one after another so the server sees them in the order they were made. */
  chain: Promise.resolve(),
  /**
   * Ids of records decided here whose tag the server has not acknowledged yet. Prefetching excludes them, so it need
   * not wait behind the decisions: a busy server slows acknowledgements, never the next record on screen.
   */
  /** @type {Set<string>} */ pending: new Set(),
  view: '',
};

function loadKeySettings() {
  const defaults = { enabled: true, keys: Object.fromEntries(ACTIONS.map((a) => [a.id, a.key])) };
  try {
    const saved = JSON.parse(localStorage.getItem(KEYS_STORAGE) ?? 'null');
    if (saved && typeof saved === 'object') return { enabled: saved.enabled !== false, keys: { ...defaults.keys, ...saved.keys } };
  } catch {
    /* unreadable settings: use the defaults */
  }
  return defaults;
}

function saveKeySettings() {
  localStorage.setItem(KEYS_STORAGE, JSON.stringify(keySettings));
}

/** Calls the JSON API; throws an Error with the server's message. */
async function api(method, url, body) {
  const init = { method, headers: {}, credentials: 'same-origin' };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(url, init);
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error(data.error ?? `${res.status} ${res.statusText}`);
    err.status = res.status;
    throw err;
  }
  return data;
}

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function show(section) {
  for (const id of ['signin', 'projects', 'annotate', 'review', 'settings']) $(id).hidden = id !== section;
  state.view = section;
  if (section !== 'annotate' && state.current) {
    // Leaving the annotation view forgets its record, so a stale one never shows while the next project loads.
    state.current = null;
    state.queue = [];
    renderRecord();
  }
}

function message(id, text) {
  $(id).textContent = text ?? '';
}

// ---------- routing and sign-in ----------

async function route() {
  let me;
  try {
    me = await api('GET', '/api/me');
  } catch {
    $('whoami').textContent = '';
    $('signout').hidden = true;
    show('signin');
    $('signin-user').focus();
    return;
  }
  $('whoami').textContent = `signed in as ${me.user}`;
  $('signout').hidden = false;
  const hash = location.hash;
  const review = /^#\/p\/([^/]+)\/review$/.exec(hash);
  const project = /^#\/p\/([^/]+)$/.exec(hash);
  if (hash === '#/settings') return openSettings();
  if (review) return openReview(decodeURIComponent(review[1]));
  if (project) return openProject(decodeURIComponent(project[1]));
  return openProjects();
}

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await api('POST', '/api/session', { user: $('signin-user').value.trim(), token: $('signin-token').value.trim() });
    $('signin-token').value = '';
    message('signin-message', '');
    await route();
  } catch (err) {
    message('signin-message', err.message);
  }
});

$('signout').addEventListener('click', async () => {
  await api('DELETE', '/api/session');
  location.hash = '#/';
  await route();
});

// ---------- projects and upload ----------

async function openProjects() {
  show('projects');
  const { projects } = await api('GET', '/api/projects');
  const list = $('project-list');
  list.replaceChildren();
  if (projects.length === 0) list.append(el('li', 'No projects yet: upload a data file and a labels file below.'));
  for (const p of projects) {
    const li = el('li');
    li.append(el('a', p.name, { href: `#/p/${encodeURIComponent(p.id)}` }), el('span', ` — ${p.tagged} / ${p.records} tagged, ${p.ordering} order`));
    list.append(li);
  }
}

$('upload-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  message('upload-message', '');
  const form = /** @type {HTMLFormElement} */ (event.target);
  const data = new FormData(form);
  if (!data.has('showHints')) data.set('showHints', 'false');
  try {
    const { project } = await api('POST', '/api/projects', data);
    form.reset();
    location.hash = `#/p/${encodeURIComponent(project.id)}`;
  } catch (err) {
    message('upload-message', err.message);
  }
});

// ---------- annotation ----------

async function openProject(id) {
  show('annotate');
  state.project = null;
  state.queue = [];
  state.current = null;
  state.exhausted = false;
  renderRecord();
  message('annotate-message', '');
  let info;
  try {
    info = await api('GET', `/api/projects/${encodeURIComponent(id)}`);
  } catch (err) {
    message('annotate-message', err.message);
    return;
  }
  state.project = info.project;
  state.exhausted = false;
  state.showHints = false;
  const base = `/api/projects/${encodeURIComponent(id)}`;
  $('project-name').textContent = info.project.name;
  $('review-link').setAttribute('href', `#/p/${encodeURIComponent(id)}/review`);
  for (const format of ['csv', 'jsonl', 'parquet']) $(`download-${format}`).setAttribute('href', `${base}/export?format=${format}`);
  $('guidelines-text').textContent = info.project.guidelines || 'No guidelines for this project.';
  $('guidelines').hidden = true;
  renderButtons();
  renderProgress(info.progress);
  renderHistory(info.history);
  await fetchMore();
  if (!state.current) advance();
  topUp();
}

function labelName(index) {
  return state.project?.labels.find((l) => l.index === index)?.label ?? String(index);
}

function isBinary() {
  return state.project?.labels.length === 2;
}

function keyLabel(actionId) {
  return keySettings.enabled ? (keySettings.keys[actionId] ?? '') : '';
}

function button(text, actionId, onClick) {
  const b = el('button', null, { type: 'button' });
  const key = keyLabel(actionId);
  if (key) b.append(el('kbd', key));
  b.append(document.createTextNode(text));
  b.addEventListener('click', onClick);
  return b;
}

function renderButtons() {
  const labels = $('label-buttons');
  labels.replaceChildren(...state.project.labels.map((l, i) => button(l.label, `label${i + 1}`, () => decide(l.index))));
  const actions = $('action-buttons');
  actions.replaceChildren();
  if (isBinary()) {
    actions.append(button(`Accept (${state.project.labels[1].label})`, 'accept', () => decide(state.project.labels[1].index)));
    actions.append(button(`Reject (${state.project.labels[0].label})`, 'reject', () => decide(state.project.labels[0].index)));
  }
  actions.append(
    button('Skip', 'skip', () => decide(null)),
    button('Undo', 'undo', undo),
    button('Hints', 'hints', toggleHints),
    button('Guidelines', 'guidelines', toggleGuidelines),
  );
}

function renderProgress(progress) {
  $('progress').textContent = `${progress.done} / ${progress.total} done`;
  $('progress').dataset.done = String(progress.done);
}

function renderHistory(history) {
  $('history-list').replaceChildren(
    ...history.map((h) => {
      const li = el('li', null, { title: h.recordId });
      const seconds = h.timeSpentMs === null ? '' : ` · ${(h.timeSpentMs / 1000).toFixed(1)} s`;
      const excerpt = h.excerpt.length > 48 ? `${h.excerpt.slice(0, 47)}…` : h.excerpt;
      li.append(el('strong', h.label === null ? 'skipped' : labelName(h.label)), el('span', `${seconds} — ${excerpt}`));
      return li;
    }),
  );
}

function renderRecord() {
  const r = state.current;
  $('record').hidden = !r;
  $('done-message').hidden = Boolean(r) || !state.exhausted;
  if (!r) {
    $('record-id').textContent = '';
    return;
  }
  $('record-id').textContent = r.id;
  $('record-split').textContent = r.split === 'test' ? 'test split' : '';
  $('record-text').textContent = r.text;
  const meta = $('record-meta');
  meta.replaceChildren();
  for (const [k, v] of Object.entries(r.metadata ?? {})) {
    if (v === null || v === undefined || v === '') continue;
    meta.append(el('dt', k), el('dd', typeof v === 'object' ? JSON.stringify(v) : v));
  }
  renderHints();
  state.shownAt = performance.now();
}

/** A probability with two decimals; anything else pushed as a hint is shown as text, never breaking the page. */
function probability(p) {
  return typeof p === 'number' && Number.isFinite(p) ? p.toFixed(2) : String(p);
}

function renderHints() {
  const box = $('record-hints');
  const hints = state.current?.hints;
  box.replaceChildren();
  box.hidden = !(state.showHints && hints);
  if (box.hidden) return;
  if (Array.isArray(hints.prediction)) {
    const parts = hints.prediction.map((p, i) => `${labelName(i)} ${probability(p)}`);
    box.append(el('div', `Model: ${parts.join(', ')}`));
  }
  if (hints.labelModel && typeof hints.labelModel === 'object') {
    const parts = Object.entries(hints.labelModel).map(([label, p]) => `${label} ${probability(p)}`);
    box.append(el('div', `Label model: ${parts.join(', ')}`));
  }
  if (hints.lfVotes) {
    const votes = Object.entries(hints.lfVotes)
      .filter(([, v]) => v !== -1)
      .map(([lf, v]) => `${lf} → ${labelName(v)}`);
    box.append(el('div', `LF votes: ${votes.length > 0 ? votes.join(', ') : 'all abstain'}`));
  }
}

/** Shows the next queued record at once (no request in between). */
function advance() {
  state.current = state.queue.shift() ?? null;
  renderRecord();
}

/** Prefetches more records when few are left, beside the decisions in flight (their ids are excluded, so none comes back). */
function topUp() {
  if (state.queue.length < QUEUE_LOW && !state.exhausted && !state.fetching) fetchMore().catch((err) => message('annotate-message', err.message));
}

function enqueue(task) {
  state.chain = state.chain.then(task).catch((err) => message('annotate-message', err.message));
  return state.chain;
}

async function fetchMore() {
  const project = state.project;
  if (!project || state.fetching) return;
  state.fetching = true;
  let fetched = false;
  try {
    const exclude = [state.current?.id, ...state.queue.map((r) => r.id), ...state.pending].filter(Boolean);
    const want = QUEUE_TARGET - state.queue.length;
    const { records } = await api('POST', `/api/projects/${encodeURIComponent(project.id)}/next`, { limit: want, exclude });
    if (state.project !== project) return;
    // what is on screen, queued or being acknowledged now (an undo may have brought a record back meanwhile)
    const held = new Set([...exclude, state.current?.id, ...state.queue.map((r) => r.id), ...state.pending]);
    state.queue.push(...records.filter((r) => !held.has(r.id)));
    state.exhausted = records.length < want;
    fetched = true;
    if (!state.current && state.queue.length > 0 && state.view === 'annotate') advance();
    else if (!state.current) renderRecord();
  } finally {
    state.fetching = false;
  }
  if (fetched) topUp(); // decisions made while this request ran may have drained the queue again
}

/** Sends a tag; a failure that is not the request's fault (network, 5xx) is tried again, so a decision is not lost to a hiccup. */
async function sendTag(projectId, body) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await api('POST', `/api/projects/${encodeURIComponent(projectId)}/tags`, body);
    } catch (err) {
      if (attempt >= 4 || (err.status >= 400 && err.status < 500)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}

function decide(label) {
  const record = state.current;
  const project = state.project;
  if (!record || !project) return;
  const timeSpentMs = Math.round(performance.now() - state.shownAt);
  state.pending.add(record.id);
  advance();
  enqueue(async () => {
    try {
      const res = await sendTag(project.id, { recordId: record.id, label, timeSpentMs });
      renderProgress(res.progress);
      renderHistory(res.history);
    } finally {
      state.pending.delete(record.id);
    }
  });
  topUp();
}

function undo() {
  const project = state.project;
  if (!project) return;
  enqueue(async () => {
    const res = await api('POST', `/api/projects/${encodeURIComponent(project.id)}/undo`);
    renderProgress(res.progress);
    renderHistory(res.history);
    if (!res.record) return;
    if (state.current) state.queue.unshift(state.current);
    state.queue = state.queue.filter((r) => r.id !== res.record.id);
    state.current = res.record;
    renderRecord();
  });
}

function toggleHints() {
  state.showHints = !state.showHints;
  renderHints();
}

function toggleGuidelines() {
  $('guidelines').hidden = !$('guidelines').hidden;
}

// ---------- review ----------

async function openReview(id) {
  show('review');
  const base = `/api/projects/${encodeURIComponent(id)}`;
  $('back-to-annotate').setAttribute('href', `#/p/${encodeURIComponent(id)}`);
  try {
    const [{ project }, agreement, { conflicts }] = await Promise.all([api('GET', base), api('GET', `${base}/agreement`), api('GET', `${base}/conflicts`)]);
    state.project = project;
    $('review-title').textContent = `Review: ${project.name}`;
    const figure = (v) => (v === null ? 'n/a' : v.toFixed(3));
    $('agreement').textContent =
      `${agreement.annotators.length} annotators, ${agreement.overlapping} records labelled more than once; Cohen's κ ${figure(agreement.cohensKappa)}, Krippendorff's α ${figure(agreement.krippendorffAlpha)}.`;
    renderConflicts(base, conflicts);
  } catch (err) {
    $('agreement').textContent = err.message;
  }
}

/** Resolves the first listed conflict as the label at `position` (0-based; review's digit keys). */
let resolveFirst = async (_position) => {};

function renderConflicts(base, conflicts) {
  resolveFirst = async (position) => {
    const label = state.project.labels[position];
    if (!conflicts[0] || !label) return;
    const res = await api('POST', `${base}/resolve`, { recordId: conflicts[0].id, label: label.index });
    renderConflicts(base, res.conflicts);
  };
  const list = $('conflict-list');
  list.replaceChildren();
  if (conflicts.length === 0) list.append(el('li', 'No conflicts to resolve.'));
  for (const c of conflicts) {
    const li = el('li');
    li.append(el('strong', c.id), el('p', c.text), el('p', `Votes: ${c.votes.map((v) => `${v.annotator} → ${labelName(v.label)}`).join(', ')}`));
    for (const l of state.project.labels) {
      const b = el('button', `Resolve as ${l.label}`, { type: 'button' });
      b.addEventListener('click', async () => {
        const res = await api('POST', `${base}/resolve`, { recordId: c.id, label: l.index });
        renderConflicts(base, res.conflicts);
      });
      li.append(b);
    }
    list.append(li);
  }
}

// ---------- keyboard ----------

function openSettings() {
  show('settings');
  /** @type {HTMLInputElement} */ ($('keys-enabled')).checked = keySettings.enabled;
  $('keymap').replaceChildren(
    ...ACTIONS.map((a) => {
      const row = el('tr');
      const input = /** @type {HTMLInputElement} */ (el('input', null, { maxlength: '1', 'aria-label': `Key for ${a.name}` }));
      input.value = keySettings.keys[a.id] ?? '';
      input.addEventListener('change', () => {
        keySettings.keys[a.id] = input.value.trim();
        saveKeySettings();
      });
      const cell = el('td');
      cell.append(input);
      row.append(el('td', a.name), cell);
      return row;
    }),
  );
}

$('keys-enabled').addEventListener('change', (event) => {
  keySettings.enabled = /** @type {HTMLInputElement} */ (event.target).checked;
  saveKeySettings();
});
$('keys-reset').addEventListener('click', () => {
  localStorage.removeItem(KEYS_STORAGE);
  keySettings = loadKeySettings();
  openSettings();
});

function actionForKey(key) {
  if (!keySettings.enabled) return null;
  return ACTIONS.find((a) => keySettings.keys[a.id] !== '' && keySettings.keys[a.id] === key)?.id ?? null;
}

document.addEventListener('keydown', (event) => {
  if ((state.view !== 'annotate' && state.view !== 'review') || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target instanceof Element && event.target.closest('input, textarea, select')) return;
  const action = actionForKey(event.key);
  if (!action) return;
  event.preventDefault();
  const labelMatch = /^label(\d)$/.exec(action);
  if (state.view === 'review') {
    if (labelMatch) resolveFirst(Number(labelMatch[1]) - 1).catch((err) => ($('agreement').textContent = err.message));
    return;
  }
  if (labelMatch) {
    const label = state.project?.labels[Number(labelMatch[1]) - 1];
    if (label) decide(label.index);
  } else if (action === 'accept' && isBinary()) decide(state.project.labels[1].index);
  else if (action === 'reject' && isBinary()) decide(state.project.labels[0].index);
  else if (action === 'skip') decide(null);
  else if (action === 'undo') undo();
  else if (action === 'hints') toggleHints();
  else if (action === 'guidelines') toggleGuidelines();
});

/** Resolves once every decision sent so far is acknowledged (tests and the page's unload use it). */
window.taggerIdle = () => state.chain;

window.addEventListener('hashchange', () => void route());
void route();
