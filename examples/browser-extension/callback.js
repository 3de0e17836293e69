// Schedule a callback for the interaction in hand (callback.defaults,
// callback.validate and callback.schedule of the native host).  The
// conversation is ?conversation=ID in the page's address, else the host's
// default one.
'use strict';

const form = document.getElementById('callback-form');
const button = document.getElementById('schedule');
const result = document.getElementById('result');
const fields = {
  date: document.getElementById('date'),
  time: document.getElementById('time'),
  time_zone: document.getElementById('time_zone'),
  number: document.getElementById('number'),
  queue_id: document.getElementById('queue_id'),
  route_to_me: document.getElementById('route_to_me'),
  take_ownership: document.getElementById('take_ownership'),
};
// Report field names (the library's rules, or "INPUT" entries named after
// the request's parameters) -> the input to mark invalid.
const reportInputs = {
  date: fields.date, time: fields.time, time_zone: fields.time_zone,
  number: fields.number, caller_id: fields.number, queue: fields.queue_id,
  queue_id: fields.queue_id, route_to_me: fields.route_to_me,
  take_ownership: fields.take_ownership,
};
// Parameter names whose entries go next to another [data-field].
const reportBoxes = {queue_id: 'queue', conversation_id: 'conversation'};

let conversationId = new URLSearchParams(location.search).get('conversation') || null;
let scheduled = false;     // CB-SINGLE: one callback per interaction
let validateSeq = 0;       // only the latest validation is shown
let validateTimer = null;

function pad(n) {
  return String(n).padStart(2, '0');
}

// Local fallbacks when the host cannot give its defaults.
function localDefaults() {
  const now = new Date();
  const later = new Date(now.getTime() + 30 * 60000);
  return {
    date: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`,
    time: `${pad(later.getHours())}:${pad(later.getMinutes())}`,
  };
}

function draft() {
  const p = {date: fields.date.value, time: fields.time.value};
  if (conversationId) p.conversation_id = conversationId;
  const tz = fields.time_zone.value.trim();
  if (tz) p.time_zone = tz;
  const number = fields.number.value.trim();
  if (number) p.number = number;
  if (fields.queue_id.value) p.queue_id = fields.queue_id.value;
  p.route_to_me = fields.route_to_me.checked;
  p.take_ownership = fields.take_ownership.checked;
  return p;
}

// Shows each report entry next to its field ([data-field]); entries for a
// field the page does not have go to [data-field=other].
function showReport(report) {
  for (const el of document.querySelectorAll('.report[data-field]')) el.replaceChildren();
  for (const input of Object.values(fields)) input.removeAttribute('aria-invalid');
  for (const entry of report || []) {
    const field = reportBoxes[entry.field] || entry.field || '';
    let box = document.querySelector(`.report[data-field="${CSS.escape(field)}"]`);
    if (!box) box = document.querySelector('.report[data-field="other"]');
    const line = document.createElement('span');
    line.className = `entry ${entry.severity === 'warning' ? 'warning' : 'error'}`;
    line.dataset.rule = entry.rule || '';
    line.textContent = entry.message;
    box.append(line);
    const input = reportInputs[entry.field];
    if (input && entry.severity !== 'warning') input.setAttribute('aria-invalid', 'true');
  }
}

function hasRule(report, rule) {
  return (report || []).some((e) => e.rule === rule);
}

function markScheduled(text) {
  scheduled = true;
  button.disabled = true;
  button.title = 'Only one callback can be scheduled for an interaction.';
  if (text) result.textContent = text;
}

async function validate() {
  if (scheduled) return;
  const seq = ++validateSeq;
  const reply = await contactcore.call('callback.validate', draft());
  if (seq !== validateSeq || scheduled) return;
  const report = reply.result ? reply.result.report : reply.error && reply.error.report;
  if (!report) return;
  showReport(report);
  // Already scheduled (here or elsewhere): the button is no longer available.
  if (hasRule(report, 'CB-SINGLE')) markScheduled();
}

function validateSoon() {
  clearTimeout(validateTimer);
  validateTimer = setTimeout(validate, 150);
}

async function schedule(ev) {
  ev.preventDefault();
  if (scheduled) return;
  button.disabled = true;
  result.textContent = '';
  validateSeq++; // a validation still in flight must not overwrite this
  const reply = await contactcore.call('callback.schedule', draft());
  if (reply.result) {
    const r = reply.result;
    showReport(r.report || []); // warnings, if any
    markScheduled(`Callback scheduled for ${r.local} (${r.time_zone}) to ${r.number}` +
                  (r.queue_id ? ` on queue ${queueName(r.queue_id)}.` : '.'));
    return;
  }
  const err = reply.error || {code: 'EINTERNAL', message: 'No reply.'};
  if (err.report) showReport(err.report);
  if (hasRule(err.report, 'CB-SINGLE')) {
    markScheduled();
    result.textContent = 'A callback has already been scheduled for this interaction.';
    return;
  }
  if (!contactcore.isHostProblem(err) && !err.report)
    result.textContent = err.message;
  button.disabled = false;
}

const queueNames = new Map();
function queueName(id) {
  return queueNames.get(id) || id;
}

async function init() {
  result.textContent = '';
  const ctx = document.getElementById('context');
  const [hello, defaults, zones] = await Promise.all([
    contactcore.call('hello', {}),
    contactcore.call('callback.defaults', conversationId ? {conversation_id: conversationId} : {}),
    contactcore.call('tz.list', {}),
  ]);

  if (zones.result && Array.isArray(zones.result.zones)) {
    const list = document.getElementById('zones');
    list.replaceChildren(...zones.result.zones.map((z) => new Option(z, z)));
  }

  if (defaults.result) {
    const d = defaults.result;
    conversationId = d.conversation_id || conversationId;
    fields.date.value = d.date || '';
    fields.time.value = d.time || '';
    fields.time_zone.value = d.time_zone || '';
    fields.number.value = d.number || '';
    fields.route_to_me.checked = !!d.route_to_me;
    fields.take_ownership.checked = !!d.take_ownership;
    const select = fields.queue_id;
    select.replaceChildren(new Option("The interaction's queue", ''));
    for (const q of d.queues || []) {
      queueNames.set(q.id, q.name || q.id);
      select.append(new Option(q.name || q.id, q.id));
    }
    select.value = d.queue_id || '';
  } else {
    const d = localDefaults();
    if (!fields.date.value) fields.date.value = d.date;
    if (!fields.time.value) fields.time.value = d.time;
    if (defaults.error && defaults.error.report) showReport(defaults.error.report);
    else if (defaults.error && !contactcore.isHostProblem(defaults.error))
      result.textContent = defaults.error.message;
  }

  const agent = hello.result && hello.result.agent;
  ctx.textContent = [
    agent ? `Agent: ${agent.name || agent.id}` : '',
    conversationId ? `Interaction: ${conversationId}` : '',
  ].filter(Boolean).join(' · ');

  if (!scheduled) button.disabled = false;
  document.body.dataset.ready = defaults.result ? 'yes' : 'error';
  if (defaults.result) validate();
}

form.addEventListener('submit', schedule);
form.addEventListener('input', validateSoon);
form.addEventListener('change', validateSoon);
document.addEventListener('contactcore-reconnect', init);
contactcore.onEvent((event, data) => {
  if (event === 'callback.created' && data && data.conversation_id === conversationId && !scheduled)
    markScheduled('A callback has been scheduled for this interaction.');
});
init();
