// The clinic tablet (feedback/views/kiosk.py). Answers are put in a queue on the tablet
// (IndexedDB) before anything is sent, so nothing is lost with no network; a sender
// sends the queue oldest first, retrying with backoff and when the network returns,
// with no reload. After each answer, or when left idle, the form is emptied for the
// next person. Without this file the form still works: it posts to the server.

const root = document.querySelector("[data-kiosk]");
const form = root && root.querySelector("[data-kiosk-form]");

const DB_NAME = "recoveryhub-kiosk";
const STORE = "queue";
const FIRST_RETRY = 2000;
const LONGEST_RETRY = 60000;
const PING_EVERY = 60000;
const THANKS_FOR = 5000;

// The longest written answer the server keeps (feedback/fft.py).
const LONGEST = 2000;

function openQueue() {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(DB_NAME, 1);
    opening.onupgradeneeded = () => {
      const store = opening.result.createObjectStore(STORE, { keyPath: "id" });
      store.createIndex("queued_at", "queued_at");
    };
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
}

function inStore(mode, work) {
  return openQueue().then(
    (db) =>
      new Promise((resolve, reject) => {
        const transaction = db.transaction(STORE, mode);
        const result = work(transaction.objectStore(STORE));
        transaction.oncomplete = () => {
          db.close();
          resolve(result && "result" in result ? result.result : undefined);
        };
        transaction.onerror = () => reject(transaction.error);
      }),
  );
}

const queue = {
  add: (item) => inStore("readwrite", (store) => store.put(item)),
  oldestFirst: () => inStore("readonly", (store) => store.index("queued_at").getAll()),
  count: () => inStore("readonly", (store) => store.count()),
  remove: (id) => inStore("readwrite", (store) => store.delete(id)),
  clear: () => inStore("readwrite", (store) => store.clear()),
};

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function post(url, body) {
  return fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-Kiosk": "1" },
    body: JSON.stringify(body),
  });
}

function startKiosk() {
  const settings = root.dataset;
  const status = root.querySelector("[data-kiosk-status]");
  const thanks = root.querySelector("[data-kiosk-thanks]");
  const stoppedPanel = root.querySelector("[data-kiosk-stopped]");
  const errorBox = root.querySelector("[data-kiosk-error]");
  const top = root.querySelector("[data-kiosk-top]");
  const idleFor = Number(settings.idleSeconds || 90) * 1000;
  let stopped = false;
  let failing = false;
  let sending = false;
  let again = false;
  let retryIn = FIRST_RETRY;
  let retryTimer = null;
  let idleTimer = null;
  let thanksTimer = null;

  async function showStatus() {
    if (stopped) {
      status.textContent = "";
      return;
    }
    const waiting = await queue.count();
    const offline = !navigator.onLine || failing;
    if (offline) {
      status.textContent = `Your answers are saved on this tablet and will be sent. ${waiting} waiting.`;
    } else if (waiting) {
      status.textContent = `Sending answers. ${waiting} waiting.`;
    } else {
      status.textContent = "All answers sent.";
    }
  }

  async function stop() {
    // The tablet was stopped (or never known): nothing more leaves or stays on it.
    stopped = true;
    clearTimeout(retryTimer);
    await queue.clear();
    form.hidden = true;
    thanks.hidden = true;
    errorBox.hidden = true;
    stoppedPanel.hidden = false;
    stoppedPanel.focus();
    if ("serviceWorker" in navigator) {
      const registration = await navigator.serviceWorker.getRegistration(settings.scope);
      if (registration) await registration.unregister();
    }
    if ("caches" in window) {
      const keys = await caches.keys();
      await Promise.all(keys.filter((key) => key.startsWith("kiosk-")).map((key) => caches.delete(key)));
    }
    await showStatus();
  }

  function retryLater() {
    failing = true;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(send, retryIn);
    retryIn = Math.min(retryIn * 2, LONGEST_RETRY);
  }

  async function sendOldest() {
    // true: go on with the next; false: stop for now.
    const items = await queue.oldestFirst();
    if (!items.length) return false;
    const item = items[0];
    let response;
    try {
      response = await post(settings.answersUrl, { ...item, waiting: items.length - 1 });
    } catch (error) {
      retryLater();
      return false;
    }
    if (response.status === 200 || response.status === 201) {
      await queue.remove(item.id); // stored, or stored before: it leaves the tablet
    } else if (response.status === 401 || response.status === 403) {
      await stop();
      return false;
    } else if (response.status >= 500 || response.status === 408 || response.status === 429) {
      retryLater();
      return false;
    } else {
      await queue.remove(item.id); // the server will never take it: go on with the rest
    }
    failing = false;
    retryIn = FIRST_RETRY;
    return true;
  }

  async function send() {
    if (stopped) return;
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    clearTimeout(retryTimer);
    try {
      do {
        again = false;
        while (!stopped && (await sendOldest())) {
          await showStatus();
        }
      } while (again && !stopped);
    } finally {
      sending = false;
      await showStatus();
    }
  }

  async function ping() {
    if (stopped) return;
    try {
      const response = await post(settings.pingUrl, { waiting: await queue.count() });
      if (response.status === 401 || response.status === 403) await stop();
    } catch (error) {
      // No network: the next ping, or the sender, will tell.
    }
  }

  function fieldGroup() {
    const first = form.querySelector(`[name="${settings.required}"]`);
    return first && first.closest(".nhsuk-form-group");
  }

  function clearErrors() {
    errorBox.hidden = true;
    document.querySelectorAll(".nhsuk-error-summary").forEach((summary) => {
      if (!errorBox.contains(summary)) summary.remove();
    });
    form.querySelectorAll(".nhsuk-error-message").forEach((message) => {
      form.querySelectorAll(`[aria-describedby~="${message.id}"]`).forEach((described) => {
        const rest = described.getAttribute("aria-describedby").split(" ").filter((id) => id !== message.id);
        described.setAttribute("aria-describedby", rest.join(" "));
      });
      message.remove();
    });
    form.querySelectorAll(".nhsuk-form-group--error").forEach((group) => {
      group.classList.remove("nhsuk-form-group--error");
    });
  }

  function showMissing() {
    clearErrors();
    const group = fieldGroup();
    const message = errorBox.querySelector(".nhsuk-error-summary__list a").textContent.trim();
    if (group) {
      group.classList.add("nhsuk-form-group--error");
      const error = document.createElement("span");
      error.className = "nhsuk-error-message";
      error.id = `${settings.required}-error`;
      const hidden = document.createElement("span");
      hidden.className = "nhsuk-u-visually-hidden";
      hidden.textContent = "Error: ";
      error.append(hidden, message);
      group.querySelector(".nhsuk-radios").before(error);
      const fieldset = group.querySelector("fieldset");
      if (fieldset) {
        const described = (fieldset.getAttribute("aria-describedby") || "").split(" ");
        fieldset.setAttribute("aria-describedby", [...described, error.id].join(" ").trim());
      }
    }
    errorBox.hidden = false;
    errorBox.querySelector(".nhsuk-error-summary").focus();
  }

  function answersIn() {
    const answers = {};
    for (const [name, value] of new FormData(form)) {
      const match = /^q(\d+)$/.exec(name);
      if (match && value.trim()) answers[match[1]] = value;
    }
    return answers;
  }

  function anythingFilled() {
    const data = new FormData(form);
    return [...data].some(([name, value]) => name !== "csrfmiddlewaretoken" && name !== "submission_id" && value.trim());
  }

  function emptyForm() {
    // Nothing of the last person's answers stays in the page.
    form.reset();
    form.querySelectorAll("input[type=radio], input[type=checkbox]").forEach((input) => {
      input.checked = false;
      input.defaultChecked = false;
    });
    form.querySelectorAll("textarea").forEach((area) => {
      area.value = "";
      area.defaultValue = "";
    });
    clearErrors();
  }

  function nextPerson() {
    clearTimeout(thanksTimer);
    thanks.hidden = true;
    form.hidden = false;
    window.scrollTo(0, 0);
    top.focus();
  }

  async function submitted(event) {
    event.preventDefault();
    if (stopped) return;
    const answers = answersIn();
    if (!answers[settings.required.slice(1)]) {
      showMissing();
      return;
    }
    // The server refuses a longer answer, and a refused answer is dropped from the queue:
    // keep it here, where the character count already says it is too long.
    const tooLong = [...form.querySelectorAll("textarea")].find((area) => area.value.length > LONGEST);
    if (tooLong) {
      tooLong.focus();
      return;
    }
    const respondent = new FormData(form).get("respondent") || "";
    await queue.add({
      id: crypto.randomUUID(),
      survey: Number(settings.survey),
      answers,
      respondent,
      answered_on: today(),
      queued_at: Date.now(),
    });
    emptyForm();
    form.hidden = true;
    thanks.hidden = false;
    thanks.focus();
    thanksTimer = setTimeout(nextPerson, THANKS_FOR);
    await showStatus();
    send();
  }

  function stillThere() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (!form.hidden && anythingFilled()) {
        emptyForm();
        nextPerson();
      }
    }, idleFor);
  }

  form.addEventListener("submit", submitted);
  thanks.querySelector("[data-kiosk-next]").addEventListener("click", nextPerson);
  ["input", "change", "pointerdown", "keydown"].forEach((name) => {
    document.addEventListener(name, stillThere, { passive: true });
  });
  window.addEventListener("online", () => {
    retryIn = FIRST_RETRY;
    send();
  });
  window.addEventListener("offline", showStatus);
  setInterval(ping, PING_EVERY);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(settings.workerUrl, { scope: settings.scope }).catch(() => {});
  }
  showStatus();
  send();
  ping();
}

if (root && form) {
  startKiosk();
}
