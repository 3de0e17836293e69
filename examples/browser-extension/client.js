// Page side of the extension: requests to contactcore-native-host through
// the service worker (background.js), and the host-status banner every page
// shows.  Loaded before the page's own script.
'use strict';

const contactcore = (() => {
  let port = null;
  let nextId = 1;
  const pending = new Map();      // page id -> {resolve, timer}
  const eventListeners = new Set();
  const TIMEOUT_MS = 20000;

  function open() {
    if (port) return port;
    port = chrome.runtime.connect({name: 'contactcore'});
    port.onMessage.addListener((msg) => {
      if (msg && msg.id !== undefined && pending.has(msg.id)) {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        clearTimeout(p.timer);
        p.resolve(msg);
      } else if (msg && typeof msg.event === 'string') {
        for (const fn of eventListeners) fn(msg.event, msg.data);
      }
    });
    port.onDisconnect.addListener(() => {
      // The service worker went away (extension reloaded): fail what waits.
      port = null;
      for (const [, p] of pending) {
        clearTimeout(p.timer);
        p.resolve({error: {code: 'EHOST', message: 'The extension service worker stopped.'}});
      }
      pending.clear();
    });
    return port;
  }

  // Resolves to {result} or {error: {code, message, report?}}; never rejects.
  function request(method, params) {
    return new Promise((resolve) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve({error: {code: 'ETIMEDOUT', message: 'The native host did not answer in time.'}});
      }, TIMEOUT_MS);
      pending.set(id, {resolve, timer});
      try {
        open().postMessage({id, method, params: params || {}});
      } catch (e) {
        pending.delete(id);
        clearTimeout(timer);
        resolve({error: {code: 'EHOST', message: String(e && e.message || e)}});
      }
    });
  }

  function reconnect() {
    open().postMessage({control: 'reconnect'});
  }

  function onEvent(fn) {
    eventListeners.add(fn);
  }

  // Errors about the host itself rather than the request: the browser's
  // transport messages (EHOST), no answer (ETIMEDOUT), the host refusing
  // this extension (EORIGIN) or unable to use its configuration (ECONFIG).
  const HOST_PROBLEMS = new Set(['EHOST', 'ETIMEDOUT', 'EORIGIN', 'ECONFIG']);
  function isHostProblem(error) {
    return !!error && HOST_PROBLEMS.has(error.code);
  }

  // The banner: #host-status lists each distinct host problem (one line
  // each, e.g. the host's refusal and then the browser's "Native host has
  // exited.") until the host answers a request again.
  function showHostError(message) {
    const el = document.getElementById('host-status');
    if (!el) return;
    if (![...el.children].some((line) => line.textContent === message)) {
      const line = document.createElement('div');
      line.className = 'line';
      line.textContent = message;
      el.append(line);
    }
    el.hidden = false;
    const btn = document.getElementById('reconnect');
    if (btn) btn.hidden = false;
  }

  function clearHostError() {
    const el = document.getElementById('host-status');
    if (el) {
      el.replaceChildren();
      el.hidden = true;
    }
  }

  onEvent((event, data) => {
    if (event === 'host.disconnected') showHostError(data.message);
  });

  // request() plus the banner: host problems go to the banner; any other
  // reply from the host clears it.
  async function call(method, params) {
    const reply = await request(method, params);
    if (isHostProblem(reply.error))
      showHostError(reply.error.message);
    else
      clearHostError();
    return reply;
  }

  document.addEventListener('DOMContentLoaded', () => {
    const btn = document.getElementById('reconnect');
    if (btn) {
      btn.addEventListener('click', () => {
        reconnect();
        clearHostError();
        document.dispatchEvent(new CustomEvent('contactcore-reconnect'));
      });
    }
  });

  return {request, call, reconnect, onEvent, isHostProblem, showHostError};
})();
