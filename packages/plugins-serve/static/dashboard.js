// The dashboard's script: asks for the API key (kept in sessionStorage), polls the data routes and draws with Chart.js; text only via textContent.
'use strict';

const KEY_NAME = 'skimmer.apiKey';
const charts = {};
let summaryTimer;
let feedTimer;

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

async function api(path) {
  const res = await fetch(path, { headers: { authorization: 'Bearer ' + sessionStorage.getItem(KEY_NAME) } });
  if (res.status === 401) throw Object.assign(new Error('wrong API key'), { unauthorized: true });
  if (!res.ok) throw new Error(path + ': HTTP ' + res.status);
  return res.json();
}

function draw(id, config) {
  if (charts[id]) {
    charts[id].data = config.data;
    charts[id].update('none');
  } else {
    charts[id] = new Chart(document.getElementById(id), {
      ...config,
      options: { animation: false, responsive: true, maintainAspectRatio: true, ...config.options },
    });
  }
}

const minute = (iso) => iso.slice(11, 16);
const pct = (x) => (typeof x === 'number' ? (100 * x).toFixed(1) + '%' : '');

function fillRows(tbody, rows) {
  tbody.replaceChildren(
    ...rows.map((cells) => {
      const tr = el('tr');
      for (const cell of cells) tr.append(el('td', cell));
      return tr;
    }),
  );
}

function renderSummary(s) {
  document.getElementById('model').textContent = s.modelId ? 'model ' + s.modelId : 'no predictions yet';
  draw('chart-posts', {
    type: 'line',
    data: {
      labels: s.postsPerMinute.map((p) => minute(p.t)),
      datasets: [{ label: 'posts / min', data: s.postsPerMinute.map((p) => p.n), borderColor: '#3867d6' }],
    },
  });
  draw('chart-share', {
    type: 'line',
    data: {
      labels: s.relevantShare.map((p) => minute(p.t)),
      datasets: [{ label: 'relevant share', data: s.relevantShare.map((p) => p.share), borderColor: '#20bf6b' }],
    },
    options: { scales: { y: { min: 0, max: 1 } } },
  });
  draw('chart-domains', {
    type: 'bar',
    data: {
      labels: s.topDomains.map((d) => d.domain),
      datasets: [{ label: 'relevant posts', data: s.topDomains.map((d) => d.count), backgroundColor: '#fa8231' }],
    },
    options: { indexAxis: 'y' },
  });
  document.getElementById('domains-note').textContent =
    s.shortenedOnly > 0
      ? s.shortenedOnly +
        ' link(s) are known only as shortened links (t.co, bit.ly, …): the source gave no expanded URL, so they are left out' +
        (s.topDomains.length ? '' : '; no expanded link yet')
      : '';
  const palette = ['#3867d6', '#20bf6b', '#fa8231', '#eb3b5a', '#8854d0', '#0fb9b1'];
  if (s.learningCurve && s.learningCurve.length > 0) {
    // Active learning: the classifier's scores against the number of gold labels, per iteration.
    const curve = s.learningCurve;
    document.getElementById('runs-title').textContent = 'Learning curve (iterations of ' + curve[0].project + ', ' + (curve[0].split || 'no gold split') + ')';
    draw('chart-runs', {
      type: 'line',
      data: {
        labels: curve.map((p) => p.goldSize + ' gold'),
        datasets: [
          { label: 'macro F1', data: curve.map((p) => p.macroF1), borderColor: palette[0] },
          { label: 'accuracy', data: curve.map((p) => p.accuracy), borderColor: palette[1] },
        ],
      },
    });
  } else {
    document.getElementById('runs-title').textContent = 'Learning curve (runs)';
    const keys = [...new Set(s.runs.flatMap((r) => Object.keys(r.metrics)))].slice(0, 6);
    draw('chart-runs', {
      type: 'line',
      data: {
        labels: s.runs.map((_r, i) => 'run ' + (i + 1)),
        datasets: keys.map((k, i) => ({ label: k, data: s.runs.map((r) => r.metrics[k] ?? null), borderColor: palette[i] })),
      },
    });
  }
  fillRows(
    document.querySelector('#urls tbody'),
    s.topUrls.map((u) => [u.url, u.count]),
  );
  document.getElementById('lf-run').textContent = s.lfTable ? '(run ' + s.lfTable.runId + ')' : '(no run with an LF table yet)';
  fillRows(
    document.querySelector('#lfs tbody'),
    (s.lfTable ? s.lfTable.rows : []).map((r) => [r.name, pct(r.coverage), pct(r.overlaps), pct(r.conflicts), pct(r.empiricalAccuracy ?? r.accuracy)]),
  );
}

function renderFeed(posts) {
  document.getElementById('feed').replaceChildren(
    ...posts.map((p) => {
      const li = el('li', p.text);
      li.append(el('span', p.createdAt + ' · p=' + p.probability.toFixed(3) + (p.urls.length ? ' · ' + p.urls.join(' ') : ''), 'meta'));
      return li;
    }),
  );
}

function fail(err) {
  if (err.unauthorized) return logout('That key was refused.');
  document.getElementById('login-error').textContent = err.message;
}

async function refreshSummary() {
  renderSummary(await api('/v1/dashboard/summary'));
}

async function refreshFeed() {
  renderFeed((await api('/v1/dashboard/feed')).posts);
}

async function open() {
  await Promise.all([refreshSummary(), refreshFeed()]);
  document.getElementById('login').hidden = true;
  document.getElementById('board').hidden = false;
  document.getElementById('logout').hidden = false;
  document.body.dataset.ready = 'true';
  summaryTimer = setInterval(() => refreshSummary().catch(fail), 30000);
  feedTimer = setInterval(() => refreshFeed().catch(fail), 5000);
}

function logout(message) {
  sessionStorage.removeItem(KEY_NAME);
  clearInterval(summaryTimer);
  clearInterval(feedTimer);
  document.getElementById('board').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('login').hidden = false;
  document.getElementById('login-error').textContent = message || '';
}

document.getElementById('login').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(KEY_NAME, document.getElementById('key').value);
  open().catch(fail);
});
document.getElementById('logout').addEventListener('click', () => logout());
if (sessionStorage.getItem(KEY_NAME)) open().catch(fail);
