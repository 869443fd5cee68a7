// kindly ui: the page. Plain JavaScript, no framework, nothing loaded from
// the network; every change goes through the JSON API under /api.
"use strict";

const $ = (id) => document.getElementById(id);
const el = (tag, props, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(e.dataset, v);
    else e[k] = v;
  }
  for (const k of kids) if (k != null) e.append(k);
  return e;
};

async function api(method, path, body) {
  const opts = { method, headers: {} };
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  const r = await fetch(path, opts);
  let data = null;
  try { data = await r.json(); } catch (e) { /* empty body */ }
  if (!r.ok) {
    const err = new Error((data && data.error) || r.status + " " + r.statusText);
    err.changed = !!(data && data.changed);
    throw err;
  }
  return data;
}

let msgTimer = null;
function say(text, isError) {
  const m = $("msg");
  m.textContent = text;
  m.className = isError ? "error" : "";
  m.hidden = false;
  clearTimeout(msgTimer);
  if (!isError) msgTimer = setTimeout(() => { m.hidden = true; }, 4000);
}

// --- state
const state = { all: [], shown: [], filter: null, query: "", editing: null, was: null, files: [] };

// --- replies: browse and search
async function loadLibrary() {
  const [all, files] = await Promise.all([api("GET", "/api/snippets"), api("GET", "/api/files")]);
  state.all = all;
  state.files = files.files;
  renderFacets(files);
  await refreshList();
}

function facet(list, label, f) {
  const active = state.filter && state.filter.kind === f.kind && state.filter.value === f.value;
  list.append(el("li", { class: active ? "active" : "", textContent: label, title: label,
    onclick: () => { state.filter = active ? null : f; renderFacetsAgain(); refreshList(); } }));
}

let lastFiles = null;
function renderFacets(files) {
  lastFiles = files;
  for (const id of ["files", "tags", "packs-facet"]) $(id).replaceChildren();
  for (const f of files.files) facet($("files"), f.replace(/^snippets\//, ""), { kind: "file", value: f });
  for (const t of files.tags) facet($("tags"), t, { kind: "tag", value: t });
  for (const p of files.packs) facet($("packs-facet"), p, { kind: "pack", value: p });
  const opts = $("file-options");
  opts.replaceChildren(...files.files.map((f) => el("option", { value: f.replace(/^snippets\//, "") })));
  const probs = $("library-problems");
  probs.replaceChildren(...files.problems.filter((p) => p.severity === "error")
    .map((p) => el("div", { class: "problem", textContent: `${p.file}:${p.line}: ${p.message}` })));
}
function renderFacetsAgain() { if (lastFiles) renderFacets(lastFiles); }

function passes(e) {
  const f = state.filter;
  if (!f) return true;
  if (f.kind === "file") return e.file === f.value;
  if (f.kind === "tag") return e.tags.some((t) => t.toLowerCase() === f.value);
  if (f.kind === "pack") return e.pack === f.value;
  return true;
}

async function refreshList() {
  const q = state.query.trim();
  let items;
  if (q) {
    items = (await api("GET", "/api/search?q=" + encodeURIComponent(q))).filter(passes);
  } else {
    items = state.all.filter(passes);
  }
  state.shown = items;
  const title = [q ? `Matching “${q}”` : "All replies"];
  if (state.filter) title.push(`in ${state.filter.kind} ${state.filter.value.replace(/^snippets\//, "")}`);
  $("list-title").textContent = `${title.join(" ")} · ${items.length}`;
  $("list").replaceChildren(...items.map(listItem));
}

// highlighted returns text with the code points at positions in <mark>.
function highlighted(text, positions) {
  const chars = Array.from(text);
  const set = new Set(positions || []);
  const out = document.createDocumentFragment();
  let run = "", inMark = false;
  const flush = () => { if (run) out.append(inMark ? el("mark", { textContent: run }) : run); run = ""; };
  chars.forEach((c, i) => { const m = set.has(i); if (m !== inMark) { flush(); inMark = m; } run += c; });
  flush();
  return out;
}

function listItem(e) {
  const replyHit = (e.hits || []).find((h) => h.field === "reply");
  let excerpt = e.replace.replace(/\s+/g, " ");
  let excerptNode = excerpt.length > 110 ? excerpt.slice(0, 110) + "…" : excerpt;
  if (replyHit && replyHit.positions.length) {
    const chars = Array.from(replyHit.text);
    const start = Math.max(0, replyHit.positions[0] - 30);
    const part = chars.slice(start, start + 110).join("").replace(/\n/g, " ");
    excerptNode = highlighted(part, replyHit.positions.map((p) => p - start));
  }
  const trigHit = (e.hits || []).find((h) => h.field === "trigger");
  const labelHit = (e.hits || []).find((h) => h.field === "label");
  const trig = el("span", { class: "trig" });
  e.triggers.forEach((t, i) => {
    if (i) trig.append(", ");
    trig.append(trigHit && trigHit.text === t ? highlighted(t, trigHit.positions) : t);
  });
  const li = el("li", { dataset: { trigger: e.triggers[0] }, onclick: () => openEditor(e) },
    el("div", {}, trig,
      el("span", { class: "label" }, labelHit ? highlighted(e.label, labelHit.positions) : e.label),
      e.pack ? el("span", { class: "badge", textContent: "pack " + e.pack }) : null,
      ...e.tags.map((t) => el("span", { class: "badge", textContent: t }))),
    el("div", { class: "excerpt" }, excerptNode));
  if (state.editing && e.triggers.includes(state.editing)) li.classList.add("selected");
  return li;
}

// --- the editor
const fields = ["f-triggers", "f-label", "f-tags", "f-file", "f-replace", "f-word", "f-case"];
function formEntry() {
  const split = (s) => s.split(",").map((x) => x.trim()).filter(Boolean);
  return {
    triggers: split($("f-triggers").value), label: $("f-label").value, tags: split($("f-tags").value),
    word: $("f-word").checked, propagate_case: $("f-case").checked, replace: $("f-replace").value,
    file: $("f-file").value.trim(), line: 0,
  };
}

let editorSeq = 0; // bumps each time the editor shows another reply
function openEditor(e) {
  editorSeq++;
  const full = e && state.all.find((x) => x.triggers[0] === e.triggers[0]);
  e = full || e;
  state.editing = e ? e.triggers[0] : null;
  state.was = e ? Object.assign({}, e) : null;
  $("editor").hidden = false;
  $("editor-title").textContent = e ? "Edit " + e.triggers.join(", ") : "New reply";
  $("f-triggers").value = e ? e.triggers.join(", ") : "";
  $("f-label").value = e ? e.label : "";
  $("f-tags").value = e ? e.tags.join(", ") : "";
  $("f-file").value = e ? e.file.replace(/^snippets\//, "") : "personal.yml";
  $("f-word").checked = e ? e.word : false;
  $("f-case").checked = e ? e.propagate_case : false;
  $("f-replace").value = e ? e.replace : "";
  const ro = !!(e && e.pack);
  $("readonly-note").hidden = !ro;
  $("readonly-pack").textContent = ro ? e.pack : "";
  for (const id of fields) $(id).disabled = ro;
  $("save").hidden = ro; $("delete").hidden = ro || !e; $("duplicate").hidden = !e;
  disarm();
  for (const li of $("list").children) li.classList.toggle("selected", !!e && li.dataset.trigger === state.editing);
  changed();
  if (!e) $("f-triggers").focus();
}

function duplicate() {
  editorSeq++;
  const e = formEntry();
  state.editing = null; state.was = null;
  $("editor-title").textContent = "New reply (a copy)";
  $("f-triggers").value = e.triggers.map((t) => t + "2").join(", ");
  for (const id of fields) $(id).disabled = false;
  $("readonly-note").hidden = true; $("save").hidden = false; $("delete").hidden = true; $("duplicate").hidden = true;
  if (e.file.startsWith("packs/")) $("f-file").value = "personal.yml";
  changed();
  $("f-triggers").focus();
}

let checkTimer = null, checkSeq = 0;
function changed() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(runChecks, 250);
}

async function runChecks() {
  const seq = ++checkSeq;
  const e = formEntry();
  const body = Object.assign({}, e, { editing: state.editing || "" });
  try {
    const [found, prev] = await Promise.all([api("POST", "/api/check", body), api("POST", "/api/preview", e)]);
    if (seq !== checkSeq) return;
    const ul = $("findings");
    if (!found.length) ul.replaceChildren(el("li", { class: "none", textContent: "none: ready to save" }));
    else ul.replaceChildren(...found.map((f) => el("li", { class: "finding " + f.severity, dataset: { rule: f.rule } },
      el("b", { textContent: f.severity + ": " }), f.message, el("span", { class: "rule", textContent: "[" + f.rule + "]" }),
      f.suggestion ? el("span", { class: "suggestion", textContent: f.suggestion }) : null)));
    $("preview").textContent = prev.error ? "(" + prev.error + ")" : prev.text;
  } catch (err) { say(err.message, true); }
}

async function save() {
  const e = formEntry();
  const seq = editorSeq;
  try {
    let saved;
    if (state.editing) {
      saved = await api("PUT", "/api/snippets/" + encodeURIComponent(state.editing), Object.assign({}, e, { was: state.was }));
      say(`saved ${saved.triggers.join(", ")} in ${saved.file}`);
    } else {
      saved = await api("POST", "/api/snippets", e);
      say(`added ${saved.triggers.join(", ")} to ${saved.file}`);
    }
    await loadLibrary();
    // Show the saved reply, unless another one was opened meanwhile.
    if (seq === editorSeq) openEditor(saved);
  } catch (err) {
    say(err.message + (err.changed ? " (the list was reloaded)" : ""), true);
    if (err.changed) await loadLibrary();
  }
}

let armed = false;
function disarm() { armed = false; $("delete").textContent = "Delete"; $("delete").classList.remove("armed"); }
async function del() {
  if (!armed) { armed = true; $("delete").textContent = "Really delete?"; $("delete").classList.add("armed"); return; }
  disarm();
  const t = state.editing;
  try {
    // The API removes one trigger (as `kindly rm` does): remove each.
    let was = Object.assign({}, state.was);
    for (const trig of state.was.triggers) {
      await api("DELETE", "/api/snippets/" + encodeURIComponent(trig), { was });
      was = Object.assign({}, was, { triggers: was.triggers.filter((x) => x !== trig) });
    }
    say(`removed ${state.was.triggers.join(", ")}`);
    $("editor").hidden = true; state.editing = null;
    await loadLibrary();
  } catch (err) { say(err.message, true); if (err.changed) await loadLibrary(); }
}

async function override() {
  try {
    const e = await api("POST", "/api/snippets/" + encodeURIComponent(state.editing) + "/override");
    say(`copied ${e.triggers[0]} into ${e.file}: your copy now wins over the pack`);
    await loadLibrary();
    openEditor(e);
  } catch (err) { say(err.message, true); }
}

function insertAtCaret(text) {
  const ta = $("f-replace");
  const s = ta.selectionStart, e = ta.selectionEnd;
  ta.value = ta.value.slice(0, s) + text + ta.value.slice(e);
  ta.selectionStart = ta.selectionEnd = s + text.length;
  ta.focus();
  changed();
}

// --- daemon
async function daemon() {
  try {
    const d = await api("GET", "/api/daemon");
    const pill = $("daemon-state"), b = $("pause");
    if (!d.running) { pill.textContent = "not running"; pill.className = "pill"; pill.title = d.message; b.hidden = true; return; }
    pill.textContent = d.paused ? "paused" : "running";
    pill.className = "pill " + (d.paused ? "paused" : "running");
    pill.title = `${d.snippets} replies loaded, ${d.expanded} expansions since start`;
    b.hidden = false;
    b.textContent = d.paused ? "Resume" : "Pause";
    b.dataset.cmd = d.paused ? "resume" : "pause";
  } catch (err) { /* the page stays usable without a daemon */ }
}

// --- packs
let stagedPack = null;
async function loadPacks() {
  const packs = await api("GET", "/api/packs");
  const tb = $("packs");
  if (!packs.length) { tb.replaceChildren(el("tr", {}, el("td", { colSpan: 5, textContent: "No team packs yet." }))); return; }
  tb.replaceChildren(...packs.map((p) => el("tr", {},
    el("td", {}, el("b", { textContent: p.name }), el("div", { textContent: p.description || "" })),
    el("td", { textContent: p.source + (p.ref ? " @ " + p.ref : "") }),
    el("td", { textContent: p.commit + (p.updated ? " (" + p.updated.slice(0, 10) + ")" : "") }),
    el("td", { textContent: String(p.replies) }),
    el("td", {}, el("button", { textContent: "Check for update", onclick: () => stagePack(p.name, "fetch") }), " ",
      p.previous ? el("button", { textContent: "Roll back", onclick: () => stagePack(p.name, "rollback") }) : null))));
}
async function stagePack(name, how) {
  try {
    say(how === "fetch" ? `fetching ${name}…` : `preparing the rollback of ${name}…`);
    const u = await api("POST", `/api/packs/${encodeURIComponent(name)}/${how}`);
    $("msg").hidden = true;
    stagedPack = name;
    $("pack-diff").hidden = false;
    $("pack-diff-title").textContent = u.up_to_date ? `${name} is up to date (${u.to})`
      : `${name}: ${u.from} → ${u.to}${u.rollback ? " (rollback)" : ""}, ${u.changes.length} replies change`;
    $("pack-apply").hidden = u.up_to_date;
    $("pack-changes").replaceChildren(...u.changes.map((c) => el("li", {},
      el("span", { class: "kind-" + c.kind, textContent: c.kind + " " }), el("code", { textContent: c.trigger }),
      c.details.length ? el("pre", { textContent: c.details.join("\n") }) : null)));
  } catch (err) { say(err.message, true); }
}

// --- profile
async function loadProfile() {
  const vals = await api("GET", "/api/profile");
  $("profile").replaceChildren(...vals.map((v) => {
    const input = el(v.key === "signature" ? "textarea" : "input", { value: v.value, rows: 3 });
    return el("div", { class: "row" }, el("label", {}, v.key + (v.set ? "" : " (not set)"), input),
      el("button", { textContent: "Save", onclick: () => setProfile(v.key, input.value) }),
      v.set ? el("button", { textContent: "Remove", onclick: () => unsetProfile(v.key) }) : null);
  }));
}
async function setProfile(k, v) {
  try { await api("PUT", "/api/profile/" + encodeURIComponent(k), { value: v }); say(`saved ${k}`); loadProfile(); }
  catch (err) { say(err.message, true); }
}
async function unsetProfile(k) {
  try { await api("DELETE", "/api/profile/" + encodeURIComponent(k)); say(`removed ${k}`); loadProfile(); }
  catch (err) { say(err.message, true); }
}

// --- settings
async function loadSettings() {
  const s = await api("GET", "/api/settings");
  $("settings-file").textContent = s.file;
  const row = (label, key, value, hint) => {
    const input = key === "tray" ? el("input", { type: "checkbox", checked: value, id: "set-" + key })
      : el("input", { value, id: "set-" + key, autocomplete: "off" });
    const get = () => (key === "tray" ? String(input.checked) : input.value);
    return el("tr", {}, el("th", { textContent: label }), el("td", {}, input, el("small", { textContent: " " + hint })),
      el("td", {}, el("button", { textContent: "Save", dataset: { key }, onclick: () => setSetting(key, get()) })));
  };
  $("settings").replaceChildren(
    row("Pause hotkey", "pause_hotkey", s.pause_hotkey, "e.g. ctrl+alt+shift+p; none for no hotkey"),
    row("Search hotkey", "search_hotkey", s.search_hotkey, "opens the reply picker from any app"),
    row("Idle reset", "idle_reset", s.idle_reset, "forget what was typed after this long without a key (0s: never)"),
    row("Tray icon", "tray", s.tray, "show kindly's icon in the system tray"));
  $("apps").replaceChildren(...(s.apps.length ? s.apps.map((a, i) => {
    const who = [a.class ? "class " + a.class : "", a.title ? "title contains " + a.title : ""].filter(Boolean).join(", ");
    const { settings, ...was } = a;
    return el("tr", { dataset: { app: a.class || a.title } }, el("td", { textContent: who }), el("td", { textContent: settings }),
      el("td", {}, el("button", { textContent: "Remove", onclick: async () => {
        try { await api("DELETE", "/api/settings/apps/" + i, { was }); say(`removed the rule for ${who}`); loadSettings(); }
        catch (err) { say(err.message, true); loadSettings(); }
      } })));
  }) : [el("tr", {}, el("td", { colSpan: 3, textContent: "No per-app rules (the built-in ones apply)." }))]));
  if (s.problem) say(s.problem, true);
}

async function setSetting(key, value) {
  try { await api("PUT", "/api/settings/" + encodeURIComponent(key), { value }); say(`saved ${key}: ${value}`); loadSettings(); }
  catch (err) { say(err.message, true); }
}

// --- stats
let statsData = null, perWeek = false, minutes = false;
async function loadStats() {
  statsData = await api("GET", "/api/stats");
  const r = statsData.report;
  $("stats-summary").textContent = r.since
    ? `${r.expansions} replies used since ${r.since.slice(0, 10)}, about ${Math.round(statsData.minutes_saved)} minutes of typing saved (at ${r.wpm} words a minute).`
    : "Nothing counted yet: stats start with your first expansion.";
  $("top").replaceChildren(...r.triggers.filter((t) => t.expansions > 0).slice(0, 10).map((t) => el("tr", {}, el("td", {}, el("code", { textContent: t.trigger })),
    el("td", { textContent: t.label }), el("td", { textContent: String(t.expansions - t.undone) }))));
  $("unused").replaceChildren(...r.unused.map((t) => el("li", {}, el("code", { textContent: t }))));
  drawChart();
}
function drawChart() {
  const rows = perWeek ? statsData.weeks : statsData.days.slice(-30);
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(NS, "svg");
  const W = Math.max(320, ($("chart").clientWidth || 740) - 20), H = 180, pad = 28;
  svg.setAttribute("viewBox", `0 0 ${W} ${H + 24}`);
  svg.setAttribute("width", W);
  svg.setAttribute("height", H + 24);
  const value = (r) => (minutes ? r.minutes_saved : r.expansions);
  const top = Math.max(minutes ? 0.1 : 1, ...rows.map(value));
  const bw = rows.length ? Math.min(64, (W - pad) / rows.length) : 0;
  const t = (x, y, s) => { const e = document.createElementNS(NS, "text"); e.setAttribute("x", x); e.setAttribute("y", y); e.textContent = s; return e; };
  svg.append(t(0, 12, minutes ? top.toFixed(1) : String(top)), t(0, H, "0"));
  rows.forEach((r, i) => {
    const h = (value(r) / top) * (H - 20);
    const rect = document.createElementNS(NS, "rect");
    rect.setAttribute("x", pad + i * bw + 2); rect.setAttribute("y", H - h);
    rect.setAttribute("width", Math.max(1, bw - 4)); rect.setAttribute("height", h);
    const tip = document.createElementNS(NS, "title");
    tip.textContent = `${r.day}: ${r.expansions} replies, ${r.minutes_saved.toFixed(1)} minutes saved`;
    rect.append(tip);
    svg.append(rect);
    if (rows.length <= 16 || i % Math.ceil(rows.length / 10) === 0) svg.append(t(pad + i * bw + 2, H + 16, r.day.slice(5)));
  });
  if (!rows.length) svg.append(t(W / 2 - 60, H / 2, "no use counted yet"));
  $("chart").replaceChildren(svg);
}

// --- wiring
const loaders = { packs: loadPacks, profile: loadProfile, settings: loadSettings, stats: loadStats };
function show(view) {
  $("msg").hidden = true;
  for (const b of document.querySelectorAll("nav .tab")) b.classList.toggle("active", b.dataset.view === view);
  for (const s of document.querySelectorAll(".view")) s.hidden = s.id !== "view-" + view;
  if (loaders[view]) loaders[view]().catch((err) => say(err.message, true));
}

document.addEventListener("DOMContentLoaded", () => {
  for (const b of document.querySelectorAll("nav .tab")) b.addEventListener("click", () => show(b.dataset.view));
  let searchTimer = null;
  $("search").addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { state.query = $("search").value; refreshList().catch((e) => say(e.message, true)); }, 120);
  });
  $("new").addEventListener("click", () => openEditor(null));
  for (const id of fields) $(id).addEventListener("input", changed);
  for (const b of document.querySelectorAll("[data-insert]")) b.addEventListener("click", () => insertAtCaret(b.dataset.insert));
  $("save").addEventListener("click", save);
  $("delete").addEventListener("click", del);
  $("duplicate").addEventListener("click", duplicate);
  $("override").addEventListener("click", override);
  $("close").addEventListener("click", () => { $("editor").hidden = true; state.editing = null; refreshList(); });
  $("pause").addEventListener("click", async () => {
    try { await api("POST", "/api/daemon/" + $("pause").dataset.cmd); } catch (err) { say(err.message, true); }
    daemon();
  });
  $("quit").addEventListener("click", async () => {
    await api("POST", "/api/quit").catch(() => {});
    document.body.replaceChildren(el("p", { class: "note", textContent: "The manager has stopped. Your replies keep working; run `kindly ui` to open it again." }));
  });
  $("pack-apply").addEventListener("click", async () => {
    try { const r = await api("POST", `/api/packs/${encodeURIComponent(stagedPack)}/apply`); say(`${r.name} is now at ${r.commit}`); }
    catch (err) { say(err.message, true); }
    $("pack-diff").hidden = true; loadPacks(); loadLibrary();
  });
  $("pack-discard").addEventListener("click", async () => {
    await api("POST", `/api/packs/${encodeURIComponent(stagedPack)}/discard`).catch(() => {});
    $("pack-diff").hidden = true;
  });
  $("pack-add").addEventListener("click", async () => {
    try {
      say("adding the pack…");
      const r = await api("POST", "/api/packs", { source: $("pack-source").value, name: $("pack-name").value, ref: "" });
      say(`added ${r.name} (${r.replies} replies)`); $("pack-source").value = ""; $("pack-name").value = "";
      loadPacks(); loadLibrary();
    } catch (err) { say(err.message, true); }
  });
  $("app-add").addEventListener("click", async () => {
    const rule = { class: $("app-class").value, title: $("app-title").value, off: $("app-off").checked,
      shift_enter: $("app-shift-enter").checked, primary: $("app-primary").checked, no_caret: $("app-no-caret").checked,
      paste: $("app-paste").value };
    try { await api("POST", "/api/settings/apps", rule); say("added the rule");
      $("app-class").value = ""; $("app-title").value = ""; $("app-paste").value = "";
      for (const id of ["app-off", "app-shift-enter", "app-primary", "app-no-caret"]) $(id).checked = false;
      loadSettings(); }
    catch (err) { say(err.message, true); }
  });
  $("profile-add").addEventListener("click", () => setProfile($("profile-key").value.trim(), $("profile-value").value));
  $("per-day").addEventListener("click", () => { perWeek = false; $("per-day").classList.add("active"); $("per-week").classList.remove("active"); drawChart(); });
  $("per-week").addEventListener("click", () => { perWeek = true; $("per-week").classList.add("active"); $("per-day").classList.remove("active"); drawChart(); });
  $("show-replies").addEventListener("click", () => { minutes = false; $("show-replies").classList.add("active"); $("show-minutes").classList.remove("active"); drawChart(); });
  $("show-minutes").addEventListener("click", () => { minutes = true; $("show-minutes").classList.add("active"); $("show-replies").classList.remove("active"); drawChart(); });
  loadLibrary().catch((e) => say(e.message, true));
  daemon();
  // The server stops when no page has talked to it for a while: say we are here.
  setInterval(() => { api("GET", "/api/ping").catch(() => {}); daemon(); }, 20000);
});
