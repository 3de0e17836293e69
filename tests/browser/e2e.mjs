// End-to-end test of examples/browser-extension with contactcore-native-host
// in a real Chromium (playwright-core, Debian's /usr/bin/chromium).  Started
// by tests/browser/run.sh, which installs what is missing and writes the
// host manifest into the profile:
//
//   node e2e.mjs --extension DIR --profile DIR --workdir DIR --config FILE
//                [--bench N] [--bench-only]
//
// The profile already holds NativeMessagingHosts/com.contactcore.host.json
// (contactcore-native-host install --user-data-dir).  The error paths
// rewrite that manifest and the host's configuration (FILE, restored
// after); workdir receives the stub hosts' wrapper scripts.
import {chromium} from 'playwright-core';
import {createHash} from 'node:crypto';
import {readFileSync, writeFileSync, rmSync, chmodSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const HOST_NAME = 'com.contactcore.host';
const STEP_MS = 20000;

const {values: opt} = parseArgs({options: {
  extension: {type: 'string'},
  profile: {type: 'string'},
  workdir: {type: 'string'},
  config: {type: 'string'},
  bench: {type: 'string', default: '500'},
  'bench-only': {type: 'boolean', default: false},
  chromium: {type: 'string', default: '/usr/bin/chromium'},
}});
for (const k of ['extension', 'profile', 'workdir', 'config'])
  if (!opt[k]) throw new Error(`e2e.mjs: --${k} is required`);

const started = Date.now();
let failures = 0;
let checks = 0;
function ok(cond, what) {
  checks++;
  if (cond) {
    console.log(`ok ${checks} - ${what}`);
  } else {
    failures++;
    console.log(`not ok ${checks} - ${what}`);
  }
}
async function check(what, fn) {
  checks++;
  try {
    await fn();
    console.log(`ok ${checks} - ${what}`);
  } catch (e) {
    failures++;
    console.log(`not ok ${checks} - ${what}\n  ${String(e && e.stack || e).split('\n').join('\n  ')}`);
  }
}

// --- The extension id: fixed by the manifest's key ------------------------
const extDir = path.resolve(opt.extension);
const extManifest = JSON.parse(readFileSync(path.join(extDir, 'manifest.json'), 'utf8'));
const expectedId = readFileSync(path.join(extDir, 'extension-id.txt'), 'utf8').trim();
const digest = createHash('sha256').update(Buffer.from(extManifest.key, 'base64')).digest('hex');
const computedId = [...digest.slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
ok(computedId === expectedId, `extension-id.txt (${expectedId}) is the id of the manifest's key`);
ok((extManifest.permissions || []).includes('nativeMessaging'), 'the extension asks for nativeMessaging');
const ORIGIN = `chrome-extension://${expectedId}/`;

const hostManifestPath = path.join(opt.profile, 'NativeMessagingHosts', `${HOST_NAME}.json`);
const realHostManifest = readFileSync(hostManifestPath, 'utf8');
const realManifest = JSON.parse(realHostManifest);
ok(realManifest.name === HOST_NAME && realManifest.type === 'stdio' &&
   path.isAbsolute(realManifest.path || '') &&
   (realManifest.allowed_origins || []).includes(ORIGIN),
   `install wrote a host manifest for ${ORIGIN}`);

// --- The browser ----------------------------------------------------------
const ctx = await chromium.launchPersistentContext(opt.profile, {
  executablePath: opt.chromium,
  headless: true,
  ignoreDefaultArgs: ['--disable-extensions', '--disable-component-extensions-with-background-pages'],
  args: [
    '--headless=new', '--no-sandbox', '--disable-gpu',
    `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`,
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', '--disable-quic',
  ],
  timeout: 60000,
});
ctx.setDefaultTimeout(STEP_MS);
// The browser's own log, for the failure report.
const browserLog = [];

async function run() {
  let sw = ctx.serviceWorkers().find((w) => w.url().startsWith(ORIGIN));
  if (!sw) sw = await ctx.waitForEvent('serviceworker', {predicate: (w) => w.url().startsWith(ORIGIN)});
  ok(sw.url() === `${ORIGIN}background.js`, `the service worker runs under the fixed id (${sw.url()})`);

  const page = await ctx.newPage();
  page.on('console', (m) => browserLog.push(`[page ${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => browserLog.push(`[page error] ${e.message}`));
  const url = (p) => `${ORIGIN}${p}`;

  if (!opt['bench-only']) await callbackChecks(page, url, sw);
  await composerChecks(page, url);
  await bench(page, url, sw, Number(opt.bench));
  if (!opt['bench-only']) {
    await limitChecks(sw);
    await errorChecks(page, url, sw);
  }
}

// --- Scheduling a callback ------------------------------------------------
async function callbackChecks(page, url, sw) {
  await page.goto(url('callback.html'));
  await page.waitForSelector('body[data-ready]');
  const ready = await page.getAttribute('body', 'data-ready');
  ok(ready === 'yes', `the callback page got its defaults from the host (${ready}; banner: ` +
     `${await page.textContent('#host-status')})`);
  if (ready !== 'yes') return;

  const defaults = await sw.evaluate(() => self.contactcore.request('callback.defaults', {}));
  const d = defaults.result;
  const date = await page.inputValue('#date');
  const time = await page.inputValue('#time');
  const number = await page.inputValue('#number');
  ok(date === d.date && time === d.time && number === d.number && d.number,
     `the form shows the defaults (date ${date}, time ${time}, number ${number})`);
  // Today and now + 30 min in the agent's zone (the host's clock): the
  // default is within a few minutes of 30 minutes from now.
  const conv = await sw.evaluate(({date, time, zone}) => self.contactcore.request('tz.convert',
    {date, time, from: zone, to: 'UTC'}), {date: d.date, time: d.time, zone: d.time_zone});
  if (conv.result && conv.result.instant) {
    const ahead = (Date.parse(conv.result.instant) - Date.now()) / 60000;
    ok(ahead > 27 && ahead <= 31, `the default time is now + 30 min (${ahead.toFixed(1)} min ahead)`);
  } else {
    ok(false, `tz.convert of the default time: ${JSON.stringify(conv)}`);
  }
  ok(await page.isEnabled('#schedule'), 'the schedule button is enabled before scheduling');

  await check('a time 31 days out shows the CB-HORIZON sentence next to the date', async () => {
    const far = new Date(Date.parse(`${d.date}T00:00:00Z`) + 31 * 86400000).toISOString().slice(0, 10);
    await page.fill('#date', far);
    const box = page.locator('.report[data-field="date"] [data-rule="CB-HORIZON"]');
    await box.waitFor();
    const text = await box.textContent();
    if (!/^A callback cannot be scheduled more than 30 days ahead; this one is 3\d days( \d+ h)?( \d+ min)? ahead\.$/.test(text))
      throw new Error(`unexpected sentence: ${text}`);
    if (!(await page.getAttribute('#date', 'aria-invalid')))
      throw new Error('the date field is not marked invalid');
    if ((await page.locator('.report[data-field="time"] .entry').count()) !== 0)
      throw new Error('the sentence is shown next to another field too');
  });

  await check('the horizon sentence goes away when the date is back to today', async () => {
    await page.fill('#date', d.date);
    await page.locator('.report[data-field="date"] .entry').waitFor({state: 'detached'});
  });

  await check('an unknown time zone is shown next to the time zone field', async () => {
    await page.fill('#time_zone', 'Mars/Olympus_Mons');
    await page.locator('.report[data-field="time_zone"] .entry').waitFor();
    if (!(await page.getAttribute('#time_zone', 'aria-invalid')))
      throw new Error('the time zone field is not marked invalid');
    await page.fill('#time_zone', d.time_zone);
    await page.locator('.report[data-field="time_zone"] .entry').waitFor({state: 'detached'});
  });

  await check('a valid callback succeeds and the schedule button is then disabled', async () => {
    await page.click('#schedule');
    await page.waitForFunction(() => /Callback scheduled for/.test(document.getElementById('result').textContent));
    if (!(await page.isDisabled('#schedule'))) throw new Error('the button is still enabled');
    const listed = await sw.evaluate(() => self.contactcore.request('callback.list', {}));
    if (!listed.result || !listed.result.callbacks.length)
      throw new Error(`callback.list: ${JSON.stringify(listed)}`);
  });

  await check('the page shows the scheduled local time and zone', async () => {
    const text = await page.textContent('#result');
    if (!text.includes(`${d.date} ${d.time}`) || !text.includes(d.time_zone))
      throw new Error(`result: ${text}`);
  });

  await check('a second callback for the same interaction is refused (CB-SINGLE), through the page', async () => {
    await page.reload();
    await page.waitForSelector('body[data-ready]');
    const line = page.locator('.report[data-field="conversation"] [data-rule="CB-SINGLE"]');
    await line.waitFor();
    const text = await line.textContent();
    if (!/already been scheduled/.test(text)) throw new Error(`CB-SINGLE sentence: ${text}`);
    await page.waitForFunction(() => document.getElementById('schedule').disabled);
    // The host refuses it too, whatever the page shows.
    const reply = await page.evaluate((p) => contactcore.request('callback.schedule', p),
      {conversation_id: d.conversation_id, date: d.date, time: d.time});
    if (!reply.error || reply.error.code !== 'EVALIDATION' ||
        !(reply.error.report || []).some((e) => e.rule === 'CB-SINGLE'))
      throw new Error(`second schedule: ${JSON.stringify(reply)}`);
  });
}

// --- The composer ---------------------------------------------------------
async function composerChecks(page, url) {
  await page.goto(url('composer.html'));
  const metrics = page.locator('#metrics');

  // Waits until the latest reply shown is for the current text.
  async function measured(segments, encoding) {
    await page.waitForFunction(([s, e]) => {
      const m = document.getElementById('metrics');
      return m.dataset.segments === s && m.dataset.encoding === e;
    }, [String(segments), encoding]);
    return {
      encoding: await page.textContent('#m-encoding'),
      segments: await page.textContent('#m-segments'),
      inSegment: await page.textContent('#m-remaining-segment'),
      remaining: await page.textContent('#m-remaining'),
    };
  }

  await check('composer: a GSM-7 text with € counts € as 2 septets (161 septets: 2 segments)', async () => {
    // 3 × € (6 septets) + 155 characters = 158 characters but 161 septets.
    const text = '€€€ refund: ' + 'Your callback is confirmed. '.repeat(6).slice(0, 146);
    if ([...text].length !== 158) throw new Error(`test text is ${[...text].length} characters`);
    await page.fill('#text', '');
    // Typed one key at a time: one text.measure per input event.
    await page.locator('#text').pressSequentially(text);
    const m = await measured(2, 'gsm7');
    if (m.encoding !== 'GSM-7' || m.segments !== '2' || m.inSegment !== '145' || m.remaining !== '604')
      throw new Error(`shown: ${JSON.stringify(m)}`);
  });

  await check('composer: a GSM-7 text of 160 septets is 1 segment', async () => {
    await page.fill('#text', '€' + 'a'.repeat(158));
    const m = await measured(1, 'gsm7');
    if (m.segments !== '1' || m.inSegment !== '0') throw new Error(`shown: ${JSON.stringify(m)}`);
  });

  await check('composer: a UCS-2 text (78 units: 2 segments)', async () => {
    const text = 'コールバックをスケジュール'.repeat(6);
    await page.fill('#text', text);
    const m = await measured(2, 'ucs2');
    if (!/UCS-2/.test(m.encoding) || m.segments !== '2' || m.inSegment !== '56' || m.remaining !== '687')
      throw new Error(`shown: ${JSON.stringify(m)}`);
  });

  await check('composer: one ç makes a text UCS-2 (71 units: 2 segments)', async () => {
    await page.fill('#text', 'ç' + 'a'.repeat(70));
    const m = await measured(2, 'ucs2');
    if (m.inSegment !== '63') throw new Error(`shown: ${JSON.stringify(m)}`);
  });
  await check('composer: email has no limit', async () => {
    await page.selectOption('#channel', 'email');
    await page.waitForFunction(() => document.getElementById('m-remaining').textContent === 'no limit');
    await page.selectOption('#channel', 'sms');
    await measured(2, 'ucs2');
  });
  void metrics;
}

// --- The 1 MiB limit of host -> browser messages, with the real host -------
async function limitChecks(sw) {
  await check('a reply just under 1 MiB passes through the browser', async () => {
    const r = await sw.evaluate(() => self.contactcore.request('ping', {pad: 1048576 - 1024}));
    if (!r.result || r.result.pad.length !== 1048576 - 1024) throw new Error(JSON.stringify(r).slice(0, 300));
  });
  await check('a reply that would pass 1 MiB is ETOOBIG from the host, and the port lives on', async () => {
    const r = await sw.evaluate(() => self.contactcore.request('ping', {pad: 1048576}));
    if (!r.error || r.error.code !== 'ETOOBIG') throw new Error(JSON.stringify(r).slice(0, 300));
    const again = await sw.evaluate(() => self.contactcore.request('ping', {data: 'still here'}));
    if (!again.result || again.result.data !== 'still here') throw new Error(JSON.stringify(again));
  });
}

// --- Round trips on one port ----------------------------------------------
async function bench(page, url, sw, n) {
  if (!(n > 0)) return;
  const text = 'Your callback is scheduled for tomorrow at 10:30. Reply STOP to opt out.';
  // In the service worker: worker -> host -> worker on the one native port.
  const worker = await sw.evaluate(async ({n, text}) => {
    for (let i = 0; i < 20; i++) await self.contactcore.request('text.measure', {text, channel: 'sms'});
    const t0 = performance.now();
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const r = await self.contactcore.request('text.measure', {text, channel: 'sms'});
      if (!r.result) bad++;
    }
    return {ms: performance.now() - t0, bad};
  }, {n, text});
  // From the page: page -> worker -> host -> worker -> page.
  await page.goto(url('composer.html'));
  const fromPage = await page.evaluate(async ({n, text}) => {
    for (let i = 0; i < 20; i++) await contactcore.request('text.measure', {text, channel: 'sms'});
    const t0 = performance.now();
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const r = await contactcore.request('text.measure', {text, channel: 'sms'});
      if (!r.result) bad++;
    }
    return {ms: performance.now() - t0, bad};
  }, {n, text});
  // Pipelined: n requests in flight at once from the worker.
  const burst = await sw.evaluate(async ({n, text}) => {
    const t0 = performance.now();
    const all = await Promise.all(Array.from({length: n},
      () => self.contactcore.request('text.measure', {text, channel: 'sms'})));
    return {ms: performance.now() - t0, bad: all.filter((r) => !r.result).length};
  }, {n, text});
  const line = (what, r) => console.log(
    `# bench: ${what}: ${n} text.measure in ${r.ms.toFixed(1)} ms: ` +
    `${(r.ms / n).toFixed(3)} ms per round trip, ${Math.round(n / (r.ms / 1000))} messages/s` +
    (r.bad ? ` (${r.bad} failed)` : ''));
  line('service worker <-> host, sequential', worker);
  line('page <-> worker <-> host, sequential', fromPage);
  line('service worker <-> host, all in flight', burst);
  ok(worker.bad === 0 && fromPage.bad === 0 && burst.bad === 0, `bench: ${3 * n} round trips answered`);
}

// --- Error paths through the browser --------------------------------------
async function errorChecks(page, url, sw) {
  const stub = path.join(HERE, 'stub-host.py');
  function wrapper(mode) {
    const file = path.join(opt.workdir, `stub-${mode}.sh`);
    writeFileSync(file, `#!/bin/sh\nexec /usr/bin/python3 '${stub}' ${mode} "$@"\n`);
    chmodSync(file, 0o755);
    return file;
  }
  function writeManifest(m) {
    writeFileSync(hostManifestPath, JSON.stringify(m, null, 2));
  }

  // Drops the worker's port (the next request starts a host from the
  // manifest as it is now), loads a page and waits for a banner line that
  // passes `want`; returns the banner's lines.
  async function bannerOn(file, want) {
    await sw.evaluate(() => self.contactcore.reconnect());
    await page.goto(url(file));
    await page.locator('#host-status').waitFor({state: 'visible'});
    const lines = () => page.locator('#host-status .line').allTextContents();
    const until = Date.now() + STEP_MS;
    while (!(await lines()).some(want) && Date.now() < until) await page.waitForTimeout(50);
    return lines();
  }

  const cases = [
    ['host missing (no manifest)', 'Specified native messaging host not found.',
     () => rmSync(hostManifestPath, {force: true})],
    ['host missing (manifest path does not exist)', 'Specified native messaging host not found.',
     () => writeManifest({...realManifest, path: path.join(opt.workdir, 'no-such-host')})],
    ['origin not allowed', 'Access to the specified native messaging host is forbidden.',
     () => writeManifest({...realManifest, allowed_origins: ['chrome-extension://abcdefghijklmnopabcdefghijklmnop/']})],
    ['host exiting', 'Native host has exited.',
     () => writeManifest({...realManifest, path: wrapper('exit')})],
    ['oversize reply', 'Error when communicating with the native messaging host.',
     () => writeManifest({...realManifest, path: wrapper('oversize')})],
  ];
  for (const [what, expected, arrange] of cases) {
    for (const file of ['callback.html', 'composer.html']) {
      await check(`${what}: ${file} shows "${expected}"`, async () => {
        arrange();
        const lines = await bannerOn(file, (l) => l === expected);
        if (!lines.includes(expected)) throw new Error(`banner: ${JSON.stringify(lines)}`);
        if (!(await page.isVisible('#reconnect'))) throw new Error('no reconnect button');
      });
    }
  }

  // The host's own check: the browser lets us in, the host's configuration
  // does not list us.
  const realConfig = readFileSync(opt.config, 'utf8');
  await check('origin not in the host\'s configuration: the page shows the host\'s EORIGIN refusal', async () => {
    writeFileSync(hostManifestPath, realHostManifest);
    writeFileSync(opt.config, JSON.stringify({...JSON.parse(realConfig), allowed_origins: []}));
    const want = (l) => l.startsWith(`the caller ${ORIGIN} is not allowed`);
    const lines = await bannerOn('callback.html', want);
    if (!lines.some(want)) throw new Error(`banner: ${JSON.stringify(lines)}`);
    if (await page.getAttribute('body', 'data-ready') !== 'error') throw new Error('the page is not in error');
  });
  writeFileSync(opt.config, realConfig);

  await check('after the manifest and configuration are restored, the page\'s reconnect button recovers', async () => {
    writeFileSync(hostManifestPath, realHostManifest);
    await page.click('#reconnect');
    await page.waitForFunction(() =>
      document.getElementById('host-status').hidden && document.body.dataset.ready === 'yes');
    // A new host process: still one callback for the interaction.  If the
    // button is still enabled, a click is refused (CB-SINGLE) and disables it.
    await page.evaluate(() => {
      const button = document.getElementById('schedule');
      if (!button.disabled) button.click();
    });
    await page.locator('.report[data-field="conversation"] [data-rule="CB-SINGLE"]').waitFor();
    await page.waitForFunction(() => document.getElementById('schedule').disabled);
  });
}

let crashed = null;
try {
  await run();
} catch (e) {
  crashed = e;
  failures++;
  console.log(`not ok - the test stopped: ${String(e && e.stack || e)}`);
} finally {
  await ctx.close().catch(() => {});
}
if (failures && browserLog.length) console.log(`# browser log:\n# ${browserLog.join('\n# ')}`);
console.log(`# ${checks - failures + (crashed ? 1 : 0)}/${checks + (crashed ? 1 : 0)} checks passed in ` +
            `${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failures ? 1 : 0);
