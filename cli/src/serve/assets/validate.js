// dm serve, checking documents: files dropped, opened or pasted are sent to POST /api/validate
// once per device; each file's findings are shown on the lines of its source (with the rule,
// what the rule checks, and the suggested key, which one click applies), beside a table with
// one column per device; the fixed file can be downloaded.
"use strict";

(function () {
  const el = dm.el;
  const PLATFORMS = { iOS: "18.1", macOS: "15.1", tvOS: "18.1", visionOS: "2.1", watchOS: "11.1" };
  const ENROLLMENTS = { device: "device", user: "user enrollment", ade: "automated (ADE)", local: "local" };
  const CHANNELS = { device: "device channel", user: "user channel" };
  // Each file: {name, text} for text, {name, base64} for binary plists and signed profiles.
  let files = [];
  let devices = [];
  let downloads = [];
  let pending = 0;

  // ---- reading files ----
  function toBase64(bytes) {
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }

  async function readFile(file) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      if (!text.includes("\u0000")) return { name: file.name, text };
    } catch (e) {
      // not UTF-8: sent as bytes
    }
    return { name: file.name, base64: toBase64(bytes) };
  }

  // A folder's documents, as `dm validate FOLDER` takes them: these extensions, sorted by path.
  const DOCUMENT = /\.(mobileconfig|plist|json|xml)$/i;

  // Every file below a dropped folder entry (the drop's FileSystemEntry), with its path.
  async function entryFiles(entry, out) {
    if (entry.isFile) {
      const file = await new Promise((ok, fail) => entry.file(ok, fail));
      out.push({ path: entry.fullPath.replace(/^\//, ""), file });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
        if (batch.length === 0) break;
        for (const child of batch) await entryFiles(child, out);
      }
    }
  }

  // Files (with a path when they came from a folder): a folder keeps its documents only.
  async function take(list) {
    const items = Array.from(list || []).map((x) => (x.file ? x : { path: x.webkitRelativePath || x.name, file: x }));
    const fromFolder = items.some((x) => x.path.includes("/"));
    const kept = items.filter((x) => !fromFolder || DOCUMENT.test(x.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    if (kept.length === 0) return dm.message(items.length ? "No .mobileconfig, .plist, .json or .xml file in that folder." : "Nothing to check.");
    files = await Promise.all(kept.map(async (x) => ({ ...(await readFile(x.file)), name: x.path })));
    check();
  }

  async function takeDrop(transfer) {
    const entries = Array.from(transfer.items || []).map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
    if (entries.length === 0 || entries.some((e) => !e) || !entries.some((e) => e.isDirectory)) return take(transfer.files);
    const out = [];
    for (const e of entries) await entryFiles(e, out);
    return take(out);
  }

  // ---- devices ----
  function deviceLabel(d) {
    const traits = [d.supervised ? "supervised" : "unsupervised", ENROLLMENTS[d.enrollment], CHANNELS[d.channel]];
    if (d.shared_ipad) traits.push("Shared iPad");
    return d.platform + " " + d.version + " (" + traits.join(", ") + ")";
  }

  function select(options, value, onchange, cls) {
    const s = el("select", { class: cls, onchange });
    for (const [v, label] of Object.entries(options)) s.append(el("option", { value: v, selected: v === value }, label));
    return s;
  }

  function renderDevices() {
    const body = document.querySelector("#device-table tbody");
    body.replaceChildren();
    devices.forEach((d, i) => {
      const set = (field, value) => {
        d[field] = value;
        check();
      };
      const platforms = Object.fromEntries(Object.keys(PLATFORMS).map((p) => [p, p]));
      body.append(
        el("tr", { class: "device", "data-index": i },
          el("td", {}, select(platforms, d.platform, (e) => { d.version = PLATFORMS[e.target.value]; set("platform", e.target.value); renderDevices(); }, "platform")),
          el("td", {}, el("input", { class: "version", value: d.version, size: 6, onchange: (e) => set("version", e.target.value.trim()) })),
          el("td", {}, el("input", { class: "supervised", type: "checkbox", checked: d.supervised, onchange: (e) => set("supervised", e.target.checked) })),
          el("td", {}, select(ENROLLMENTS, d.enrollment, (e) => set("enrollment", e.target.value), "enrollment")),
          el("td", {}, select(CHANNELS, d.channel, (e) => set("channel", e.target.value), "channel")),
          el("td", {}, el("input", { class: "shared-ipad", type: "checkbox", checked: d.shared_ipad, onchange: (e) => set("shared_ipad", e.target.checked) })),
          el("td", {}, el("button", { type: "button", class: "remove", onclick: () => { devices.splice(i, 1); renderDevices(); check(); } }, "Remove"))));
    });
  }

  function deviceRequest(d) {
    if (!d) return null;
    return { os: d.platform + ":" + d.version, supervised: d.supervised, enrollment: d.enrollment, channel: d.channel, shared_ipad: d.shared_ipad };
  }

  // ---- rule levels ----
  function levels() {
    const out = [];
    for (const level of ["allow", "warn", "deny"]) {
      for (const rule of document.getElementById("level-" + level).value.split(/[\s,]+/)) {
        if (rule) out.push({ level, rule });
      }
    }
    return out;
  }

  // What a signed profile's signature says: who signed, whether it holds, whether trusted.
  function signatureText(sig) {
    if (!sig) return "signed; signature not verified";
    if (!sig.holds) return "signed; the signature does not hold: " + sig.error;
    const who = sig.signer.subject + " (issued by " + sig.signer.issuer + ", valid " + sig.signer.not_before + " to " + sig.signer.not_after + ")";
    return "signed by " + who + "; signature holds" + (sig.trusted ? ", trusted" : "; signer not checked against a trust anchor");
  }

  // ---- checking ----
  async function check() {
    if (files.length === 0) return;
    const run = ++pending;
    const targets = devices.length ? devices.slice() : [null];
    document.body.classList.add("busy");
    const reading = {
      kind: document.getElementById("kind").value || null,
      request_type: document.getElementById("request-type").value.trim() || null,
      as_sent: document.getElementById("as-sent").checked,
      // Signed profiles are always checked; with no anchor the signer is shown unchecked.
      trust: document.getElementById("trust").value.trim() ? [document.getElementById("trust").value] : [],
    };
    const answers = await Promise.all(targets.map((d) => dm.api("/api/validate", { files, device: deviceRequest(d), levels: levels(), ...reading })));
    if (run !== pending) return; // a newer check is on its way
    document.body.classList.remove("busy");
    // How many checks have been shown (scripts wait on it).
    document.body.dataset.checks = Number(document.body.dataset.checks || 0) + 1;
    const failed = answers.find((a) => !a.ok);
    if (failed) {
      dm.message("Cannot check: " + failed.data.error.message + " (HTTP " + failed.status + ")");
      document.getElementById("results").replaceChildren();
      return;
    }
    dm.message("");
    render(targets, answers.map((a) => a.data));
  }

  // ---- suggestions ----
  // Renames the key a finding points at (its line and column) to the suggested one.
  function apply(fileIndex, finding) {
    const file = files[fileIndex];
    const lines = file.text.split("\n");
    const quoted = [">" + finding.actual + "<", '"' + finding.actual + '"'];
    for (let l = finding.line - 1; l < Math.min(lines.length, finding.line + 2); l++) {
      const from = l === finding.line - 1 ? finding.column - 1 : 0;
      for (const q of quoted) {
        const at = lines[l].indexOf(q, from);
        if (at >= 0) {
          lines[l] = lines[l].slice(0, at + 1) + finding.suggestion + lines[l].slice(at + q.length - 1);
          file.text = lines.join("\n");
          dm.message("");
          check();
          return;
        }
      }
    }
    dm.message("Cannot apply: `" + finding.actual + "` is not where the finding points any more.");
  }

  // ---- showing ----
  function findingKey(f) {
    return [f.line, f.column, f.path, f.rule, f.message].join("\u0001");
  }

  // The findings of one file across devices: each once, with its severity on each device.
  function merge(perDevice) {
    const merged = new Map();
    perDevice.forEach((report, d) => {
      for (const f of report.findings) {
        const k = findingKey(f);
        if (!merged.has(k)) merged.set(k, { finding: f, on: [] });
        merged.get(k).on[d] = f.severity;
      }
    });
    return Array.from(merged.values());
  }

  function card(fileIndex, entry, targets, rules) {
    const f = entry.finding;
    const worst = ["error", "warning", "note"].find((s) => entry.on.includes(s)) || f.severity;
    const c = el("div", { class: "finding sev-" + worst, "data-rule": f.rule, "data-path": f.path, "data-line": f.line || "" },
      el("span", { class: "sev" }, worst),
      el("code", { class: "rule" }, "[" + f.rule + "]"), " ",
      el("span", { class: "msg" }, f.message),
      f.path ? el("span", { class: "at" }, " at ", el("code", {}, f.path)) : null,
      rules[f.rule] ? el("div", { class: "explain" }, "Rule " + f.rule + ": " + rules[f.rule] + ".") : null);
    if (targets.length > 1 || targets[0]) {
      const on = el("div", { class: "devices-on" });
      targets.forEach((d, i) => {
        const label = d ? deviceLabel(d) : "any device";
        on.append(el("span", { class: "badge " + (entry.on[i] ? "sev-" + entry.on[i] : "clean") }, label + ": " + (entry.on[i] || "fine")));
      });
      c.append(on);
    }
    if (f.suggestion && f.actual && f.line && files[fileIndex].text !== undefined) {
      c.append(el("div", { class: "fix" }, "Did you mean ", el("code", {}, f.suggestion), "? ",
        el("button", { type: "button", class: "apply", onclick: () => apply(fileIndex, f) }, "Replace " + f.actual + " with " + f.suggestion)));
    }
    return c;
  }

  function deviceTable(entries, targets) {
    const head = el("tr", {}, el("th", {}, "Finding"), targets.map((d) => el("th", { class: "device-col" }, d ? deviceLabel(d) : "any device")));
    const rows = entries.map((e) => el("tr", {},
      el("td", {}, el("code", {}, e.finding.rule), " ", e.finding.path || "(document)", e.finding.line ? " (line " + e.finding.line + ")" : ""),
      targets.map((_, i) => el("td", { class: e.on[i] ? "sev-" + e.on[i] : "clean" }, e.on[i] || "—"))));
    return el("table", { class: "by-device" }, el("thead", {}, head), el("tbody", {}, rows));
  }

  function source(fileIndex, text, entries, targets, rules) {
    const byLine = new Map();
    for (const e of entries) {
      if (!e.finding.line) continue;
      if (!byLine.has(e.finding.line)) byLine.set(e.finding.line, []);
      byLine.get(e.finding.line).push(e);
    }
    const body = el("tbody");
    text.split("\n").forEach((line, i) => {
      const n = i + 1;
      const here = byLine.get(n);
      body.append(el("tr", { class: "line" + (here ? " flagged" : ""), "data-line": n }, el("td", { class: "ln" }, String(n)), el("td", { class: "code" }, line)));
      if (here) {
        body.append(el("tr", { class: "findings-row", "data-line": n }, el("td", {}), el("td", {}, here.map((e) => card(fileIndex, e, targets, rules)))));
      }
    });
    return el("table", { class: "source" }, body);
  }

  function render(targets, answers) {
    for (const url of downloads) URL.revokeObjectURL(url);
    downloads = [];
    const results = document.getElementById("results");
    results.replaceChildren();
    files.forEach((file, i) => {
      const reports = answers.map((a) => a.files[i]);
      const first = reports[0];
      const entries = merge(reports);
      const errors = entries.filter((e) => e.on.includes("error")).length;
      const verdict = entries.length === 0 ? "no findings" : entries.length + " finding" + (entries.length === 1 ? "" : "s") + (errors ? ", " + errors + " with errors" : "");
      const header = el("div", { class: "file-head" },
        el("h2", {}, file.name),
        el("span", { class: "kind" }, first.kind + (first.schema ? " · " + first.schema : "")),
        first.signed ? el("span", { class: "signed" }, signatureText(first.signature)) : null,
        el("span", { class: "verdict" + (errors ? " sev-error" : entries.length ? " sev-warning" : " clean") }, verdict));
      const explorerName = first.schema && answers[0].explorer[first.schema];
      if (explorerName) {
        header.append(el("button", { type: "button", class: "explore", onclick: () => dmExplorer.open(explorerName) }, "Explain " + explorerName));
      }
      if (file.text !== undefined) {
        const url = URL.createObjectURL(new Blob([file.text], { type: "application/octet-stream" }));
        downloads.push(url);
        header.append(el("a", { class: "download", href: url, download: file.name }, "Download"));
      }
      const section = el("section", { class: "file", "data-name": file.name }, header);
      if (entries.length) section.append(deviceTable(entries, targets));
      const unplaced = entries.filter((e) => !e.finding.line || file.text === undefined);
      if (unplaced.length) {
        section.append(el("div", { class: "unplaced" },
          el("h3", {}, file.text === undefined ? "Findings (a binary or signed file has no lines to show)" : "Findings about the whole document"),
          unplaced.map((e) => card(i, e, targets, answers[0].rules))));
      }
      if (file.text !== undefined) section.append(source(i, file.text, entries, targets, answers[0].rules));
      results.append(section);
    });
  }

  // ---- wiring ----
  document.addEventListener("DOMContentLoaded", () => {
    const drop = document.getElementById("drop");
    drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      takeDrop(e.dataTransfer);
    });
    document.getElementById("file-input").addEventListener("change", (e) => take(e.target.files));
    document.getElementById("folder-input").addEventListener("change", (e) => take(e.target.files));
    document.getElementById("paste-go").addEventListener("click", () => {
      const text = document.getElementById("paste").value;
      if (!text.trim()) return dm.message("Paste a document first.");
      files = [{ name: document.getElementById("paste-name").value || "pasted", text }];
      check();
    });
    document.getElementById("add-device").addEventListener("click", () => {
      devices.push({ platform: "iOS", version: PLATFORMS.iOS, supervised: false, enrollment: "device", channel: "device", shared_ipad: false });
      renderDevices();
      check();
    });
    document.getElementById("run").addEventListener("click", check);
    for (const id of ["level-allow", "level-warn", "level-deny", "kind", "request-type", "as-sent"]) document.getElementById(id).addEventListener("change", check);
  });
})();
