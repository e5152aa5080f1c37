// reflow serve: the four pages, and their actions. DOM is built with textContent only (no HTML from data).
'use strict';

const $ = (selector) => document.querySelector(selector);
const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : String(c ?? ''));
  return e;
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

// ---- actions: offered only when the page was opened with the token (the URL reflow serve printed puts it in the
// fragment, which no request carries); kept for this tab, sent as a Bearer header, never as a cookie
const TOKEN = (() => {
  const given = location.hash.match(/^#access=(.+)$/);
  if (given) {
    sessionStorage.setItem('reflow-token', decodeURIComponent(given[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem('reflow-token');
})();

async function act(path, body = {}) {
  const response = await fetch(path, { method: 'POST', body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: 'Bearer ' + TOKEN } });
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error || response.statusText);
  return answer;
}

async function launchForm(reload) {
  const list = await api('/api/experiments');
  $('#experiment').replaceChildren(...list.experiments.map((name) => el('option', {}, name)));
  if (!list.experiments.length) $('#launched').textContent = 'no YAML in ' + list.folder + ': copy experiments there to launch them';
  $('#launch').hidden = false;
  $('#launch').onsubmit = async (e) => {
    e.preventDefault();
    const lines = $('#overrides').value.split('\n').map((s) => s.trim()).filter(Boolean);
    if (lines.some((s) => !s.includes('='))) { $('#launched').textContent = 'write each override as KEY.PATH=VALUE'; return; }
    const set = Object.fromEntries(lines.map((s) => [s.split('=')[0], s.slice(s.indexOf('=') + 1)]));
    $('#launched').textContent = 'starting…';
    try {
      const started = await act('/api/runs', { experiment: $('#experiment').value, set });
      $('#launched').replaceChildren('launched ', runLink(started.runId));
      reload();
    } catch (error) { $('#launched').textContent = error.message; }
  };
}

function runActions(base) {
  $('#actions').hidden = false;
  $('#output').href = base + '/output';
  const ask = (what) => async () => {
    $('#acted').textContent = what + '…';
    try {
      await act(base + '/' + what);
      $('#acted').textContent = what === 'cancel' ? 'cancel requested: the run stops within a second' : 'resumed';
      if (what === 'resume') setTimeout(() => location.reload(), 500);
    } catch (error) { $('#acted').textContent = error.message; }
  };
  $('#resume').onclick = ask('resume');
  $('#cancel').onclick = ask('cancel');
}

function fmt(v) {
  if (typeof v !== 'number') return String(v ?? '');
  return Number.isInteger(v) ? String(v) : v.toPrecision(4);
}

function say(error) {
  const p = $('#message') || $('main').insertBefore(el('p', { id: 'message' }), $('main').firstChild);
  p.textContent = error instanceof Error ? error.message : String(error);
}

const runLink = (id) => el('a', { href: '/runs/' + encodeURIComponent(id), class: 'id' }, id);
const lineageHref = (id, descendants) => '/lineage?' + new URLSearchParams({ id, descendants: String(descendants) });
const lineagePath = (id) => '/api/lineage/' + id.split('/').map(encodeURIComponent).join('/');

// A loss chart: one line per named series, each with its own steps, aligned by uPlot.join.
function lossChart(target, named) {
  const names = Object.keys(named);
  const data = names.length ? uPlot.join(names.map((n) => [named[n].x, named[n].y])) : [[]];
  const options = {
    width: Math.max(400, target.clientWidth || 900), height: 320,
    scales: { x: { time: false } }, legend: { live: false },
    axes: [{ label: 'step' }, { label: 'loss' }],
    series: [{ label: 'step' }, ...names.map((n, i) => ({ label: n, stroke: COLOURS[i % COLOURS.length], width: 1 }))],
  };
  target.replaceChildren();
  return new uPlot(options, data, target);
}

// ---- runs: one page of the table at a time, refreshed every 3 s while visible
function runsPage() {
  const state = { offset: 0, limit: 50, sort: 'started', order: 'desc', q: '', status: '' };
  const selected = new Set();
  async function load() {
    const page = await api('/api/runs/page?' + new URLSearchParams(state));
    $('#runs tbody').replaceChildren(...page.rows.map((r) => {
      const box = el('input', { type: 'checkbox', 'aria-label': 'select ' + r.id });
      box.checked = selected.has(r.id);
      box.onchange = () => { box.checked ? selected.add(r.id) : selected.delete(r.id); $('#compare').disabled = selected.size < 2; };
      return el('tr', {}, el('td', {}, box), el('td', {}, runLink(r.id)), el('td', {}, r.experiment),
        el('td', { class: r.status }, r.status), el('td', {}, r.started), el('td', {}, r.stagesDone + '/' + r.stages));
    }));
    const shown = page.rows.length ? (page.offset + 1) + '–' + (page.offset + page.rows.length) : '0';
    $('#range').textContent = shown + ' of ' + page.matched + (page.matched !== page.total ? ' (' + page.total + ' in all)' : '');
    $('#prev').disabled = state.offset === 0;
    $('#next').disabled = state.offset + state.limit >= page.matched;
    document.querySelectorAll('th[data-sort]').forEach((th) => {
      th.classList.toggle('sorted', th.dataset.sort === state.sort);
      th.classList.toggle('asc', state.order === 'asc');
    });
    $('#live').textContent = 'updated ' + new Date().toLocaleTimeString();
  }
  const reload = () => load().catch(say);
  let typing;
  $('#q').oninput = () => { clearTimeout(typing); typing = setTimeout(() => { state.q = $('#q').value; state.offset = 0; reload(); }, 200); };
  $('#status').onchange = () => { state.status = $('#status').value; state.offset = 0; reload(); };
  $('#prev').onclick = () => { state.offset = Math.max(0, state.offset - state.limit); reload(); };
  $('#next').onclick = () => { state.offset += state.limit; reload(); };
  $('#compare').onclick = () => { location.href = '/compare?runs=' + encodeURIComponent([...selected].join(',')); };
  $('#filters').onsubmit = (e) => e.preventDefault();
  document.querySelectorAll('th[data-sort]').forEach((th) => {
    th.onclick = () => {
      state.order = state.sort === th.dataset.sort && state.order === 'desc' ? 'asc' : 'desc';
      state.sort = th.dataset.sort;
      reload();
    };
  });
  setInterval(() => { if (!document.hidden) reload(); }, 3000);
  reload();
  if (TOKEN) launchForm(reload).catch(say);
}

// ---- a run: loaded once, then kept current by its event stream
function runPage() {
  const id = decodeURIComponent(location.pathname.split('/')[2]);
  const base = '/api/runs/' + encodeURIComponent(id);
  let curves = {};
  let chart = null;
  window.reflow = { lossPoints: () => Object.values(curves).reduce((n, c) => n + c.x.length, 0) };

  function drawLoss() {
    const names = Object.keys(curves);
    if (chart && chart.series.length === names.length + 1) {
      chart.setData(uPlot.join(names.map((n) => [curves[n].x, curves[n].y])));
    } else {
      if (chart) chart.destroy();
      chart = lossChart($('#loss'), curves);
    }
  }
  async function loadLoss() {
    const loss = await api(base + '/loss?points=1000');
    curves = {};
    loss.stages.forEach((s) => { curves[s.stage] = { x: s.x, y: s.y }; });
    $('#loss-note').textContent = loss.stages.map((s) => s.stage + ': ' + s.steps + ' steps').join(', ')
      + ' (long curves thinned on the server, keeping each stretch\'s lowest and highest loss)';
    drawLoss();
    return loss.sequenceNr;
  }
  async function refresh() {
    const [doc, metrics] = await Promise.all([api(base), api(base + '/metrics')]);
    document.title = doc.id + ' · reflow';
    $('#title').textContent = doc.experiment + ' · ' + doc.id;
    $('#summary').replaceChildren(el('span', { class: doc.status }, doc.status), ' · seed ' + doc.seed
      + ' · submitted ' + doc.submittedAt + (doc.completedAt ? ' · completed ' + doc.completedAt : '')
      + (doc.resumes.length ? ' · resumed ' + doc.resumes.length + '×' : ''), ' · spec ', el('code', {}, doc.specSha256.slice(0, 12)));
    $('#cancel').disabled = doc.status !== 'incomplete';
    $('#resume').disabled = doc.status === 'completed';
    $('#failure').hidden = !doc.failure;
    $('#failure').textContent = doc.failure || '';
    $('#stages tbody').replaceChildren(...doc.stages.map((s) => {
      const last = s.checkpoints[s.checkpoints.length - 1];
      const final = s.finalCheckpoint ? el('a', { href: lineageHref(s.finalCheckpoint.id, false), class: 'id' }, s.finalCheckpoint.id) : '';
      return el('tr', {}, el('td', {}, s.id), el('td', {}, s.kind), el('td', { class: s.status }, s.status), el('td', {}, s.attempts),
        el('td', {}, last ? last.step : 0), el('td', {}, s.checkpoints.length), el('td', {}, final));
    }));
    const names = [...new Set(metrics.flatMap((m) => Object.keys(m.values)))];
    $('#metrics thead').replaceChildren(el('tr', {}, ...['stage', 'step', 'solver', 'checkpoint', ...names].map((n) => el('th', {}, n))));
    $('#metrics tbody').replaceChildren(...metrics.map((m) => el('tr', {}, el('td', {}, m.stage), el('td', {}, m.step), el('td', {}, m.solver),
      el('td', {}, el('a', { href: lineageHref(m.checkpoint, false), class: 'id' }, m.checkpoint)), ...names.map((n) => el('td', {}, fmt(m.values[n]))))));
    const report = await api(base + '/report');
    $('#report').replaceChildren(report.exists
      ? el('iframe', { src: report.url, sandbox: '', title: 'report', style: 'width:100%;height:900px;border:1px solid #e5e7eb' })
      : 'no report yet: reflow report ' + id + ' writes one');
    const svg = await (await fetch(base + '/lineage.svg')).blob();
    $('#lineage-svg').src = URL.createObjectURL(svg);
  }
  if (TOKEN) runActions(base);
  let pending;
  const soon = () => { clearTimeout(pending); pending = setTimeout(() => refresh().catch(say), 400); };
  refresh().then(loadLoss).then((after) => {
    const events = new EventSource(base + '/events?after=' + after);
    events.onopen = () => { $('#live').textContent = 'live'; };
    events.onerror = () => { $('#live').textContent = 'reconnecting…'; };
    events.addEventListener('CheckpointSaved', (message) => {
      const e = JSON.parse(message.data).event;
      const c = curves[e.stage] || (curves[e.stage] = { x: [], y: [] });
      e.losses.forEach((loss, i) => {
        const step = e.step - e.losses.length + i + 1;
        if (!c.x.length || step > c.x[c.x.length - 1]) { c.x.push(step); c.y.push(loss); }
      });
      if (window.reflow.lossPoints() > 20000) loadLoss().catch(say); else drawLoss();
      soon();
    });
    ['StageStarted', 'StageCompleted', 'StageFailed', 'MetricsRecorded', 'ExperimentResumed'].forEach((t) => events.addEventListener(t, soon));
    ['ExperimentCompleted', 'ExperimentFailed', 'ExperimentCancelled'].forEach((t) => events.addEventListener(t, () => { soon(); events.close(); $('#live').textContent = 'ended'; }));
  }).catch(say);
}

// ---- compare: spec differences, metrics side by side, curves overlaid
function interval(stats) {
  if (!stats || typeof stats.mean !== 'number') return null;
  const half = stats.halfWidth ?? stats.ci95 ?? stats.interval
    ?? (typeof stats.high === 'number' && typeof stats.low === 'number' ? (stats.high - stats.low) / 2 : null);
  return fmt(stats.mean) + (half == null ? '' : ' ± ' + fmt(half)) + (stats.n ? ' (n=' + stats.n + ')' : '');
}

async function comparePage() {
  const ids = (new URLSearchParams(location.search).get('runs') || '').split(',').map((s) => s.trim()).filter(Boolean);
  $('#runs-input').value = ids.join(',');
  $('#pick').onsubmit = (e) => { e.preventDefault(); location.search = '?runs=' + encodeURIComponent($('#runs-input').value.replace(/\s/g, '')); };
  if (ids.length === 0) { say('pick two or more runs on the runs page, or type their ids above'); return; }
  const base = (id) => '/api/runs/' + encodeURIComponent(id);
  const [docs, specs, metrics, losses] = await Promise.all(['', '/spec', '/metrics', '/loss?points=500']
    .map((suffix) => Promise.all(ids.map((id) => api(base(id) + suffix)))));
  const head = (first) => el('tr', {}, el('th', {}, first), ...ids.map((id) => el('th', {}, runLink(id))));

  const keys = [...new Set(specs.flatMap((s) => Object.keys(s.flat)))].sort();
  $('#spec thead').replaceChildren(head('spec'));
  $('#spec tbody').replaceChildren(...keys.map((k) => {
    const values = specs.map((s) => s.flat[k] ?? '—');
    const row = el('tr', { class: new Set(values).size > 1 ? 'diff' : 'same' }, el('td', {}, el('code', {}, k)), ...values.map((v) => el('td', {}, v)));
    return row;
  }));
  const onlyDiff = () => document.querySelectorAll('#spec tr.same').forEach((r) => { r.hidden = $('#only-diff').checked; });
  $('#only-diff').onchange = onlyDiff;
  onlyDiff();

  const rows = new Map();
  docs.forEach((doc, i) => doc.stages.forEach((s) => Object.entries(s.metrics).forEach(([solver, m]) => Object.entries(m.values).forEach(([name, v]) => {
    const key = s.id + ' · ' + solver + ' · ' + name;
    if (!rows.has(key)) rows.set(key, new Array(ids.length).fill('—'));
    const best = Math.min(...metrics[i].filter((r) => r.stage === s.id && r.solver === solver && name in r.values).map((r) => r.values[name]));
    const stats = interval(s.stats?.[solver]?.[name]);
    rows.get(key)[i] = (stats ?? fmt(v)) + (Number.isFinite(best) && best !== v ? ' [' + fmt(best) + ']' : '');
  }))));
  $('#metrics thead').replaceChildren(head('stage · solver · metric'));
  $('#metrics tbody').replaceChildren(...[...rows].map(([key, cells]) => el('tr', {}, el('td', {}, key), ...cells.map((c) => el('td', {}, c)))));

  const curves = {};
  losses.forEach((loss, i) => loss.stages.forEach((s) => { curves[ids[i] + ' · ' + s.stage] = { x: s.x, y: s.y }; }));
  lossChart($('#loss'), curves);
}

// ---- lineage explorer: a node's upstream or descendants as a tree; every id leads on
function lineageNode(n) {
  const explorable = n.kind === 'checkpoint' || n.kind === 'coupling';
  const item = el('li', {}, el('span', { class: 'kind' }, n.kind + (n.role ? ' · ' + n.role : '')), ' ',
    explorable ? el('a', { href: lineageHref(n.id, false), class: 'id' }, n.id) : el('span', { class: 'id' }, n.id));
  if (explorable) {
    item.append(' ', el('a', { href: lineageHref(n.id, true), title: 'what was derived from it' }, '↓ descendants'));
  }
  if (n.kind === 'checkpoint') item.append(' ', el('a', { href: '/api/artifacts/' + encodeURIComponent(n.id), download: n.id + '.npz' }, 'download'));
  const shards = (n.facts && n.facts.shardSha256s) || [];
  if (shards.length) item.append(' ', ...shards.map((sha, i) => el('a', { href: '/api/artifacts/' + sha, download: n.id + '-' + i + '.npz' }, 'shard ' + i + ' ')));
  const facts = Object.entries(n.facts || {}).filter(([k]) => k !== 'shardSha256s')
    .map(([k, v]) => k + ' ' + (typeof v === 'object' ? JSON.stringify(v) : fmt(v)));
  if (facts.length) item.append(el('div', { class: 'facts' }, facts.join(' · ')));
  const links = (n.inputs && n.inputs.length ? n.inputs : n.outputs) || [];
  if (links.length) item.append(el('ul', { class: 'tree' }, ...links.map(lineageNode)));
  return item;
}

async function lineagePage() {
  const params = new URLSearchParams(location.search);
  const id = params.get('id') || '';
  const descendants = params.get('descendants') === 'true';
  $('#id').value = id;
  $('#descendants').checked = descendants;
  $('#ask').onsubmit = (e) => { e.preventDefault(); location.href = lineageHref($('#id').value.trim(), $('#descendants').checked); };
  if (!id) { say('give a checkpoint id, a coupling id, RUN/STAGE or RUN/STAGE@STEP; the run pages link their checkpoints here'); return; }
  const node = await api(lineagePath(id) + '?descendants=' + descendants);
  say((descendants ? 'everything derived from ' : 'where it came from: ') + id);
  $('#tree').replaceChildren(el('ul', { class: 'tree' }, lineageNode(node)));
}

const pages = { runs: runsPage, run: runPage, compare: comparePage, lineage: lineagePage };
document.addEventListener('DOMContentLoaded', () => { Promise.resolve(pages[document.body.dataset.page]()).catch(say); });
