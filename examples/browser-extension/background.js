// Service worker: owns the one long-lived native-messaging port to
// contactcore-native-host and shares it between the extension's pages.
//
// Pages connect with chrome.runtime.connect({name: 'contactcore'}) and post
//   {id, method, params}        a request for the host (see
//                               examples/native-host/protocol.md)
//   {control: 'reconnect'}      drop the native port; the next request
//                               starts a new host process
// and receive
//   {id, result} | {id, error}  the host's reply, with the page's own id
//   {event, data}               an event pushed by the host, or
//                               {event: 'host.disconnected', data: {message}}
//                               when the port closes (message: the browser's
//                               own text, e.g. "Specified native messaging
//                               host not found.")
// A request pending when the port closes is answered with
//   {id, error: {code: 'EHOST', message: <the browser's text>}}.
'use strict';

const HOST = 'com.contactcore.host';

let nativePort = null;     // the chrome.runtime.Port to the host, or null
let nextId = 1;            // ids on the native port (ours, not the pages')
const pending = new Map(); // native id -> {resolve} (a page request or a local one)
const pages = new Set();   // connected page ports

function hostDisconnected(message) {
  nativePort = null;
  const error = {code: 'EHOST', message};
  for (const [, p] of pending) p.resolve({error});
  pending.clear();
  for (const page of pages) safePost(page, {event: 'host.disconnected', data: {message}});
}

function connect() {
  if (nativePort) return nativePort;
  const port = chrome.runtime.connectNative(HOST);
  nativePort = port;
  port.onMessage.addListener((msg) => {
    if (msg && Object.prototype.hasOwnProperty.call(msg, 'id') && msg.id !== null) {
      const p = pending.get(msg.id);
      if (!p) return; // a reply for a request nobody waits for any more
      pending.delete(msg.id);
      p.resolve(msg.error ? {error: msg.error} : {result: msg.result});
    } else if (msg && typeof msg.event === 'string') {
      for (const page of pages) safePost(page, {event: msg.event, data: msg.data});
    } else if (msg && msg.error) {
      // {id: null, error}: the host could not tell which request it answers.
      console.warn('contactcore host:', msg.error.message);
    }
  });
  port.onDisconnect.addListener(() => {
    const err = chrome.runtime.lastError;
    if (nativePort !== port) return; // an old port we dropped on purpose
    hostDisconnected(err && err.message ? err.message : 'Native host has exited.');
  });
  return port;
}

// One request to the host; resolves to {result} or {error} (never rejects).
function request(method, params) {
  return new Promise((resolve) => {
    let port;
    try {
      port = connect();
    } catch (e) {
      resolve({error: {code: 'EHOST', message: String(e && e.message || e)}});
      return;
    }
    const id = nextId++;
    pending.set(id, {resolve});
    try {
      port.postMessage({id, method, params: params || {}});
    } catch (e) {
      // The port closed between connect() and here; onDisconnect answers
      // the other requests, this one is answered now.
      pending.delete(id);
      resolve({error: {code: 'EHOST', message: String(e && e.message || e)}});
    }
  });
}

function reconnect() {
  const port = nativePort;
  nativePort = null;
  if (port) {
    port.disconnect();
    for (const [, p] of pending) p.resolve({error: {code: 'EHOST', message: 'Disconnected.'}});
    pending.clear();
  }
}

function safePost(page, msg) {
  try {
    page.postMessage(msg);
  } catch (e) {
    pages.delete(page);
  }
}

chrome.runtime.onConnect.addListener((page) => {
  if (page.name !== 'contactcore' || page.sender.id !== chrome.runtime.id) return;
  pages.add(page);
  page.onDisconnect.addListener(() => pages.delete(page));
  page.onMessage.addListener(async (msg) => {
    if (!msg || typeof msg !== 'object') return;
    if (msg.control === 'reconnect') {
      reconnect();
      return;
    }
    if (typeof msg.method !== 'string') return;
    const reply = await request(msg.method, msg.params);
    if (pages.has(page)) safePost(page, {id: msg.id, ...reply});
  });
});

chrome.action.onClicked.addListener(() => {
  chrome.tabs.create({url: chrome.runtime.getURL('callback.html')});
});

// For tests and benchmarks in the worker's own context (one hop fewer than a page).
self.contactcore = {request, reconnect};
