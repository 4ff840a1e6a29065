// dm serve, the explorer: every schema and key from GET /api/schemas, searched as one types; a
// schema's or key's page (GET /api/schemas/{name}) shows its type, allowed values, default,
// range, the keys it holds, an availability matrix OS by OS, and what `dm explain` prints.
"use strict";

const dmExplorer = (function () {
  const el = dm.el;
  let index = null;

  async function load() {
    if (index) return index;
    const a = await dm.api("/api/schemas");
    if (!a.ok) {
      dm.message("Cannot load the schemas: " + a.data.error.message);
      return [];
    }
    index = [];
    for (const s of a.data.schemas) {
      index.push({ name: s.name, label: s.name, detail: s.title + " (" + s.category + ")" });
      for (const k of s.keys) index.push({ name: s.name + "." + k, label: s.name + "." + k, detail: "key of " + s.title });
    }
    return index;
  }

  async function search() {
    const q = document.getElementById("search").value.trim().toLowerCase();
    const list = document.getElementById("search-results");
    list.replaceChildren();
    if (!q) return;
    const all = await load();
    const found = all.filter((e) => e.label.toLowerCase().includes(q) || e.detail.toLowerCase().includes(q)).slice(0, 200);
    if (found.length === 0) list.append(el("li", { class: "none" }, "Nothing matches."));
    for (const e of found) {
      list.append(el("li", {}, el("button", { type: "button", class: "result", "data-name": e.name, onclick: () => open(e.name) }, e.label), el("span", { class: "detail" }, e.detail)));
    }
  }

  function yes(v) {
    return v ? "yes" : "—";
  }

  function matrix(rows) {
    if (rows.length === 0) return el("p", { class: "matrix-none" }, "The schema states no availability: every OS.");
    const cols = ["OS", "Supported", "Introduced", "Deprecated", "Removed", "Supervised", "ADE", "Enrollments", "User enrollment", "Channels", "Shared iPad"];
    const body = rows.map((r) => r.supported
      ? el("tr", { "data-platform": r.platform },
          el("th", {}, r.platform), el("td", {}, "yes"), el("td", {}, r.introduced === "0" ? "any" : r.introduced), el("td", {}, r.deprecated || "—"),
          el("td", {}, r.removed || "—"), el("td", {}, r.supervised ? "required" : "—"), el("td", {}, r.ade ? "required" : "—"),
          el("td", {}, r.enrollments ? r.enrollments.join(", ") : "any"), el("td", {}, r.user_enrollment), el("td", {}, r.channels.join(", ")),
          el("td", {}, r.shared_ipad))
      : el("tr", { "data-platform": r.platform, class: "unsupported" }, el("th", {}, r.platform), el("td", { colspan: cols.length - 1 }, "not supported")));
    return el("table", { id: "matrix", class: "matrix" }, el("thead", {}, el("tr", {}, cols.map((c) => el("th", {}, c)))), el("tbody", {}, body));
  }

  function facts(key) {
    const dl = el("dl", { class: "facts" });
    const add = (label, value) => { if (value !== null && value !== undefined && value !== "") dl.append(el("dt", {}, label), el("dd", { "data-fact": label }, value)); };
    add("Type", key.type);
    add("Presence", key.required ? "required" : "optional");
    add("Allowed values", key.allowed.length ? key.allowed.join(", ") : null);
    add("Default", key.default);
    add("Range", key.range ? (key.range.min ?? "−∞") + " ..= " + (key.range.max ?? "∞") : null);
    add("Format", key.format);
    add("Value type", key.value_type);
    add("Availability", key.availability);
    return dl;
  }

  function keyTable(schema, keys, title) {
    if (keys.length === 0) return null;
    const rows = keys.map((k) => el("tr", {},
      el("td", { style: "padding-left:" + (0.4 + k.depth * 1.2) + "em" }, el("button", { type: "button", class: "key-link", onclick: () => open(schema + "." + k.path) }, k.name)),
      el("td", {}, k.type), el("td", {}, k.required ? "required" : "optional"), el("td", {}, k.allowed.join(", ")), el("td", {}, k.default || ""), el("td", { class: "avail" }, k.availability)));
    return el("div", {}, el("h3", {}, title),
      el("table", { class: "keys" }, el("thead", {}, el("tr", {}, ["Key", "Type", "Presence", "Allowed", "Default", "Availability"].map((c) => el("th", {}, c)))), el("tbody", {}, rows)));
  }

  async function open(name) {
    dm.showTab("explorer");
    const entry = document.getElementById("entry");
    const a = await dm.api("/api/schemas/" + encodeURIComponent(name));
    if (!a.ok) {
      entry.replaceChildren(el("p", { class: "message" }, a.data.error.message));
      return;
    }
    entry.replaceChildren();
    for (const t of a.data.targets) {
      const s = t.schema;
      const title = t.key ? s.name + "." + t.key.path : s.name;
      entry.append(el("article", { class: "target", "data-name": title },
        el("h2", {}, title), el("p", { class: "title" }, s.title + " · " + s.category + " · " + s.source),
        t.key ? facts(t.key) : el("dl", { class: "facts" }, el("dt", {}, "Availability"), el("dd", {}, t.availability)),
        el("h3", {}, "Availability, OS by OS"), matrix(t.matrix),
        keyTable(s.name, t.keys, t.key ? "Content" : "Keys"),
        keyTable(s.name, t.response_keys, "Response keys"),
        el("details", {}, el("summary", {}, "As dm explain prints it"), el("pre", { class: "explain-text" }, t.text))));
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("search").addEventListener("input", search);
    document.addEventListener("dm-tab", (e) => { if (e.detail === "explorer") load(); });
  });

  return { open };
})();
