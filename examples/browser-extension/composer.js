// Message composer: measures the text on every input event (text.measure
// of the native host) and shows encoding, segments and what is left.
'use strict';

const text = document.getElementById('text');
const channel = document.getElementById('channel');
const metrics = document.getElementById('metrics');
const out = {
  encoding: document.getElementById('m-encoding'),
  length: document.getElementById('m-length'),
  segments: document.getElementById('m-segments'),
  remainingSegment: document.getElementById('m-remaining-segment'),
  remaining: document.getElementById('m-remaining'),
};
const report = document.querySelector('.report[data-field="text"]');

const ENCODINGS = {gsm7: 'GSM-7', ucs2: 'UCS-2 (Unicode)', none: 'Plain text'};
const UNITS = {septets: 'septets', units: 'UTF-16 units', characters: 'characters', weighted: 'weighted'};
let seq = 0;   // replies can overtake each other: only the latest is shown

function show(m) {
  out.encoding.textContent = ENCODINGS[m.encoding] || m.encoding;
  out.length.textContent = `${m.length} ${UNITS[m.unit] || m.unit}`;
  const sms = m.channel === 'sms';
  out.segments.textContent = sms ? String(m.segments) : '–';
  out.remainingSegment.textContent = sms ? String(m.remaining_in_segment) : '–';
  // Without a limit (email) the host sends limit and remaining null.
  const limited = m.limit !== null && m.limit !== undefined && m.limit !== 0;
  out.remaining.textContent = limited ? String(m.remaining) : 'no limit';
  metrics.classList.toggle('over', !!m.over_limit);
  metrics.dataset.segments = String(m.segments);
  metrics.dataset.encoding = m.encoding;
}

async function measure() {
  const mine = ++seq;
  const reply = await contactcore.call('text.measure', {text: text.value, channel: channel.value});
  if (mine !== seq) return;
  metrics.dataset.seq = String(mine);
  if (reply.result) {
    report.textContent = '';
    show(reply.result);
  } else if (reply.error && !contactcore.isHostProblem(reply.error)) {
    report.textContent = reply.error.message;
  }
}

text.addEventListener('input', measure);
channel.addEventListener('change', measure);
document.addEventListener('contactcore-reconnect', measure);
measure();
