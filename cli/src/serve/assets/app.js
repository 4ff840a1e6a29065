// dm serve: what the page's parts share: building elements, calling the API, the tabs and the
// message line. validate.js checks documents; explorer.js browses the schemas.
"use strict";

const dm = {};

// An element with attributes (on* are listeners) and children (strings are text).
dm.el = function (tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) e.append(c);
  }
  return e;
};

// Calls the API: {ok, status, data}; data.error.message says what went wrong.
dm.api = async function (path, body) {
  const init = body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    return { ok: false, status: 0, data: { error: { message: "the server cannot be reached (is dm serve still running?)" } } };
  }
  let data;
  try {
    data = await response.json();
  } catch (e) {
    data = { error: { message: "the server answered " + response.status + " without JSON" } };
  }
  return { ok: response.ok, status: response.status, data };
};

// The message line under the controls (empty text hides it).
dm.message = function (text) {
  const m = document.getElementById("message");
  m.textContent = text || "";
  m.hidden = !text;
};

dm.showTab = function (name) {
  for (const t of document.querySelectorAll(".tab")) t.classList.toggle("active", t.dataset.tab === name);
  for (const p of document.querySelectorAll(".panel")) p.hidden = p.id !== name;
  document.dispatchEvent(new CustomEvent("dm-tab", { detail: name }));
};

document.addEventListener("DOMContentLoaded", () => {
  for (const t of document.querySelectorAll(".tab")) t.addEventListener("click", () => dm.showTab(t.dataset.tab));
});
