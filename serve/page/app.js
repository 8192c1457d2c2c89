// gridflip serve: the what-if page. Every value shown comes from the API
// and is set as text (never as HTML); no request leaves this server.
"use strict";

const state = { controls: [], values: {}, enabled: {}, timer: null, inflight: null, seq: 0 };
const DEBOUNCE_MS = 250;

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function usd(v) {
  if (v === null || v === undefined || !isFinite(v)) return "—";
  const a = Math.abs(v);
  if (a >= 1e9) return (v / 1e9).toFixed(2) + " B USD";
  if (a >= 1e6) return (v / 1e6).toFixed(1) + " M USD";
  if (a >= 1e3) return (v / 1e3).toFixed(0) + " k USD";
  return v.toFixed(0) + " USD";
}
function pct(v) { return v === null || v === undefined ? "—" : (100 * v).toFixed(1) + "%"; }
function num(v, d) { return v === null || v === undefined ? "—" : Number(v).toFixed(d); }

// whatIf is the what-if sent: the keys whose value differs from the case's.
function whatIf() {
  const out = {};
  for (const c of state.controls) {
    const v = state.values[c.key];
    if (c.default === null) {
      if (state.enabled[c.key]) out[c.key] = v;
    } else if (v !== c.default) {
      out[c.key] = v;
    }
  }
  return out;
}

function buildControls(caseInfo) {
  const form = document.getElementById("controls");
  form.textContent = "";
  state.controls = caseInfo.controls;
  for (const c of caseInfo.controls) {
    const start = c.default !== null ? c.default : (c.slider_min + c.slider_max) / 2;
    state.values[c.key] = start;
    state.enabled[c.key] = false;
    const div = el("div", { class: "control", id: "control-" + c.key, "data-key": c.key });
    const label = el("label", { for: "num-" + c.key }, c.label);
    div.appendChild(label);
    const row = el("div", { class: "row" });
    let toggle = null;
    if (c.default === null) {
      toggle = el("input", { type: "checkbox", id: "set-" + c.key, title: "set a value (the case: " + c.default_note + ")" });
      row.appendChild(toggle);
    }
    const range = el("input", { type: "range", id: "range-" + c.key, min: String(c.slider_min), max: String(c.slider_max), step: String(c.step) });
    range.value = String(start);
    const box = el("input", { type: "number", id: "num-" + c.key, step: "any" });
    if (c.min !== null) box.setAttribute("min", String(c.min));
    if (c.max !== null) box.setAttribute("max", String(c.max));
    box.value = String(start);
    row.appendChild(range);
    row.appendChild(box);
    div.appendChild(row);
    const def = c.default !== null ? "case: " + c.default : "case: " + c.default_note;
    div.appendChild(el("span", { class: "unit" }, (c.unit ? c.unit + "; " : "") + def + "; allowed " + c.interval));
    form.appendChild(div);
    const set = (v, from) => {
      if (!isFinite(v)) return;
      state.values[c.key] = v;
      if (from !== range) range.value = String(v);
      if (from !== box) box.value = String(v);
      if (toggle && from !== toggle) { toggle.checked = true; state.enabled[c.key] = true; }
      div.classList.toggle("changed", c.key in whatIf());
      schedule();
    };
    range.addEventListener("input", () => set(Number(range.value), range));
    box.addEventListener("change", () => set(Number(box.value), box));
    if (toggle) toggle.addEventListener("change", () => {
      state.enabled[c.key] = toggle.checked;
      div.classList.toggle("changed", toggle.checked);
      schedule();
    });
  }
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(replan, DEBOUNCE_MS);
}

function setStatus(text, s) {
  const st = document.getElementById("status");
  st.textContent = text;
  st.setAttribute("data-state", s);
}

// replan asks for the plan of the current what-if; a change made while a
// plan solves cancels that request (and the server cancels its solve).
async function replan() {
  if (state.inflight) state.inflight.abort();
  const ctrl = new AbortController();
  state.inflight = ctrl;
  const seq = ++state.seq;
  const body = JSON.stringify(whatIf());
  const began = performance.now();
  setStatus("Planning…", "solving");
  try {
    const r = await fetch("/api/plan", { method: "POST", headers: { "Content-Type": "application/json" }, body, signal: ctrl.signal });
    const data = await r.json();
    if (seq !== state.seq) return;
    if (!r.ok) {
      setStatus("Refused (" + r.status + "): " + data.error, "error");
      return;
    }
    render(data);
    const changes = Object.entries(JSON.parse(body)).map(([k, v]) => k + " = " + v).join(", ") || "the case as it is";
    setStatus("Planned in " + ((performance.now() - began) / 1000).toFixed(2) + " s: " + changes, "done");
    document.body.setAttribute("data-plans", String(seq));
  } catch (e) {
    if (e.name !== "AbortError" && seq === state.seq) setStatus("Error: " + e.message, "error");
  } finally {
    if (state.inflight === ctrl) state.inflight = null;
  }
}

function card(parent, key, label, value) {
  const c = el("div", { class: "card", "data-key": key });
  c.appendChild(el("div", { class: "label" }, label));
  c.appendChild(el("div", { class: "value" }, value));
  parent.appendChild(c);
}

function render(s) {
  const p = s.portfolio;
  const cards = document.getElementById("cards");
  cards.textContent = "";
  card(cards, "objective_usd", "Objective", usd(s.objective_usd));
  if (s.baseline_objective_usd !== undefined) {
    card(cards, "baseline_objective_usd", "Keeping the miners", usd(s.baseline_objective_usd));
    card(cards, "uplift_usd", "Against keeping the miners", usd(s.uplift_usd !== undefined ? s.uplift_usd : s.objective_usd - s.baseline_objective_usd));
  }
  card(cards, "halls_built", "Halls built", String(p.halls_built));
  card(cards, "new_ai_it_mw", "New AI IT MW", num(p.new_ai_it_mw, 0));
  card(cards, "new_capex_usd", "New capex", usd(p.new_capex_usd));
  let closed = null;
  for (const b of s.gap_bases || []) if (b.basis === s.gap_headline_basis) closed = b.closed_gw;
  card(cards, "closed_gw", "Gap closed (GW, " + (s.gap_headline_basis || "") + ")", num(closed, 2));
  if (s.gap && s.gap.length) card(cards, "gap_fraction", "Of " + s.gap[0].id + " (" + s.gap[0].gap_gw + " GW)", pct(s.gap[0].closed_fraction));
  if (s.risk) {
    card(cards, "expected_usd", "Expected value", usd(s.risk.expected_usd));
    card(cards, "cvar_usd", "CVaR", usd(s.risk.cvar_usd));
  }

  const fin = document.getElementById("finance");
  fin.textContent = "";
  const f = s.finance;
  if (!f) {
    fin.appendChild(el("p", { class: "muted" }, "No hall is built: no pro forma."));
  } else {
    card(fin, "npv_usd", "NPV", usd(f.npv_usd));
    card(fin, "project_irr", "Project IRR", pct(f.project_irr));
    card(fin, "equity_irr", "Equity IRR", pct(f.equity_irr));
    card(fin, "min_dscr", "Minimum DSCR", num(f.min_dscr, 2));
    card(fin, "payback_year", "Payback year", f.payback_year === null ? "—" : String(f.payback_year));
    card(fin, "equity_value_usd_per_w", "Equity value USD/W", num(f.equity_value_usd_per_w, 2));
  }

  const years = document.querySelector("#years tbody");
  years.textContent = "";
  const ys = s.years || [];
  const top = Math.max(1, ...ys.map(y => y.new_ai_it_mw));
  for (const y of ys) {
    const tr = el("tr");
    tr.appendChild(el("td", {}, String(y.year)));
    tr.appendChild(el("td", {}, num(y.new_ai_it_mw, 0)));
    const td = el("td");
    const bar = el("div", { class: "bar" });
    bar.style.width = (100 * y.new_ai_it_mw / top).toFixed(1) + "%";
    td.appendChild(bar);
    tr.appendChild(td);
    years.appendChild(tr);
  }
  if (!ys.length) {
    const tr = el("tr");
    tr.appendChild(el("td", {}, "all"));
    tr.appendChild(el("td", {}, num(p.new_ai_it_mw, 0)));
    tr.appendChild(el("td"));
    years.appendChild(tr);
  }

  const halls = document.querySelector("#halls tbody");
  halls.textContent = "";
  for (const site of s.sites) {
    for (const h of site.hall_decisions || []) {
      const built = h.build >= 0.5;
      const tr = el("tr", { class: built ? "built" : "not-built", "data-site": site.id, "data-hall": h.id });
      tr.appendChild(el("td", {}, site.id));
      tr.appendChild(el("td", {}, h.id));
      tr.appendChild(el("td", {}, num(h.it_mw, 0)));
      tr.appendChild(el("td", { "data-col": "built" }, built ? "yes" : "no"));
      tr.appendChild(el("td", { "data-col": "service_year" }, h.service_year === null || h.service_year === undefined ? "—" : String(h.service_year)));
      tr.appendChild(el("td", { "data-col": "lease" }, num(h.lease_usd_per_kw_month, 2)));
      tr.appendChild(el("td", { "data-col": "npv" }, h.finance ? usd(h.finance.npv_usd) : "—"));
      tr.appendChild(el("td", { "data-col": "value_if_built" }, built ? "" : usd(h.value_if_built_usd)));
      halls.appendChild(tr);
    }
  }
}

function download(blob, name) {
  const a = el("a", { download: name });
  a.href = URL.createObjectURL(blob);
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

async function keep() {
  const body = JSON.stringify(whatIf());
  const ks = document.getElementById("keep-status");
  ks.textContent = "Writing the results set…";
  try {
    const t = await fetch("/api/whatif.toml", { method: "POST", headers: { "Content-Type": "application/json" }, body });
    if (!t.ok) throw new Error((await t.json()).error);
    download(await t.blob(), "whatif.toml");
    const z = await fetch("/api/keep", { method: "POST", headers: { "Content-Type": "application/json" }, body });
    if (!z.ok) throw new Error((await z.json()).error);
    download(await z.blob(), "gridflip-whatif.zip");
    ks.textContent = "Kept: whatif.toml (gridflip sweep CASE --scenarios whatif.toml) and gridflip-whatif.zip (the results set).";
  } catch (e) {
    ks.textContent = "Could not keep the plan: " + e.message;
  }
}

async function start() {
  const r = await fetch("/api/case");
  const info = await r.json();
  document.getElementById("case-name").textContent = info.case;
  document.getElementById("case-facts").textContent = info.sites + " sites, " + info.halls + " candidate halls, " +
    (info.years ? info.years + " years" : info.hours + " hours") + (info.stochastic ? ", planned across its scenarios" : "");
  buildControls(info);
  document.getElementById("reset").addEventListener("click", () => { buildControls(info); schedule(); });
  document.getElementById("keep").addEventListener("click", keep);
  replan();
}

document.addEventListener("DOMContentLoaded", start);
