// The planner's web app for `sourcing serve`: open a model or your own scenario, change its key
// inputs, solve, read the plan, compare it with the one before, run sweeps and stress tests,
// download the results. Everything goes through the documented HTTP API (/openapi.json).
//
// Every element is built with createElement and textContent: no string from a scenario, a plan
// or the server is ever parsed as HTML. Nothing is loaded from anywhere but this server.
"use strict";

// MARK: Small helpers

/** An element with attributes (`on…` functions become listeners) and children (strings become text). */
function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") element.addEventListener(key.slice(2), value);
    else if (key === "class") element.className = value;
    else if (key === "value") element.value = value;
    else if (key === "checked") element.checked = !!value;
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** SVG elements (charts), attributes only. */
function svg(tag, attributes, ...children) {
  const element = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, String(value));
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const plain = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 });
/** Money as the CLI's summary writes it: 6,110.0 */
function fmt(value) { return value === null || value === undefined ? "–" : money.format(value); }
function fmtNumber(value) { return value === null || value === undefined ? "–" : plain.format(value); }
function signed(value) { return (value > 0 ? "+" : value < 0 ? "−" : "±") + money.format(Math.abs(value)); }
function percent(value) { return value === null || value === undefined ? "–" : `${(value * 100).toFixed(1)}%`; }

/** The API's error: its status, code, message and scenario problems. */
class APIError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `the server answered ${status}`);
    this.status = status;
    this.code = body && body.error;
    this.problems = (body && body.problems) || [];
  }
}

/** One request to the API; JSON answers are parsed. Throws APIError for 4xx and 5xx. */
async function api(method, path, { body, contentType } = {}) {
  const headers = {};
  if (contentType) headers["Content-Type"] = contentType;
  const response = await fetch(path, { method, headers, body, credentials: "same-origin" });
  const type = response.headers.get("Content-Type") || "";
  const payload = type.startsWith("application/json") ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) throw new APIError(response.status, typeof payload === "object" ? payload : { message: payload });
  return { status: response.status, headers: response.headers, body: payload };
}

function setStatus(text, kind = "info") {
  const status = document.getElementById("status");
  status.textContent = text || "";
  status.dataset.kind = kind;
}

/** An error as the page shows it: the message, and each scenario problem with its path. */
function errorBox(error) {
  return h("div", { class: "error", role: "alert", id: "error" },
    h("p", {}, error.message),
    error.problems && error.problems.length
      ? h("ul", { class: "problems" }, error.problems.map(p => h("li", {}, p.path ? h("code", {}, p.path) : "(document)", ": ", p.message)))
      : null);
}

function show(...nodes) {
  const main = document.getElementById("main");
  main.replaceChildren(...nodes.flat(Infinity).filter(node => node !== null && node !== undefined && node !== false));
  main.focus({ preventScroll: true });
}

// MARK: Session state (kept per browser tab)

const state = {
  /** The scenario being edited: its canonical JSON (every field, per-period arrays). */
  scenario: null,
  /** The document as opened ({text, contentType, name}), solved as is while nothing is edited. */
  original: null,
  dirty: false,
  /** Rules switched off, by key, to put back when switched on. */
  disabled: {},
  /** Plans solved in this session, oldest first: [{id, objective, status, name}]. */
  plans: [],
};

function save() {
  sessionStorage.setItem("sourcing.session", JSON.stringify(state));
}

function restore() {
  try {
    Object.assign(state, JSON.parse(sessionStorage.getItem("sourcing.session") || "{}"));
  } catch (_) { /* a fresh session */ }
}

/** The plan solved before `id` in this session, if any. */
function previousPlan(id) {
  const index = state.plans.findIndex(p => p.id === id);
  return index > 0 ? state.plans[index - 1] : null;
}

// MARK: Start page

async function renderStart() {
  setStatus("");
  const models = h("ul", { class: "cards", id: "models" }, h("li", {}, "Loading the example models…"));
  const upload = h("input", { type: "file", id: "upload", accept: ".yaml,.yml,.json,.xlsx", onchange: event => openFile(event.target.files[0]) });
  const drop = h("div", { class: "drop", id: "drop" },
    h("p", {}, "Drop a scenario file (.yaml, .yml, .json, or an .xlsx workbook) here, or ", h("label", { for: "upload", class: "link" }, "choose one"), "."),
    upload,
    h("p", { class: "note" }, "Keep your data in a spreadsheet? Start from the ", h("a", { href: "/v1/template.xlsx", id: "template" }, "workbook template"),
      ": a README sheet says what each sheet and column means."));
  drop.addEventListener("dragover", event => { event.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", event => { event.preventDefault(); drop.classList.remove("over"); openFile(event.dataTransfer.files[0]); });
  const plans = h("div", { id: "recent-plans" });
  const jobs = h("div", { id: "recent-jobs" });
  show(
    h("h1", {}, "Make at home or source from allies"),
    h("p", { class: "lead" }, "Open an example model or your own scenario, change its costs, capacities, demand, budget and rules, and solve: the plan says how much to build at home and how much to source from each ally, period by period."),
    h("section", {}, h("h2", {}, "Example models"), models),
    h("section", {}, h("h2", {}, "Your own scenario"), drop, h("div", { id: "upload-error" })),
    h("section", {}, h("h2", {}, "Recent plans"), plans),
    h("section", {}, h("h2", {}, "Recent sweeps and stress tests"), jobs));
  try {
    const list = (await api("GET", "/v1/models")).body.models;
    models.replaceChildren(...list.map(model => h("li", { class: "card" },
      h("h3", {}, model.name),
      h("p", {}, model.description),
      h("p", { class: "meta" }, `${model.items} item${model.items === 1 ? "" : "s"}, ${model.sources} sources, ${model.periods[0]}–${model.periods[model.periods.length - 1]}`),
      h("button", { type: "button", id: `open-${model.id}`, onclick: () => openModel(model) }, "Open"))));
  } catch (error) {
    models.replaceChildren(h("li", {}, errorBox(error)));
  }
  try {
    const list = (await api("GET", "/v1/plans?limit=10")).body.plans;
    plans.replaceChildren(list.length === 0 ? h("p", {}, "No plans yet.") : h("table", {},
      h("thead", {}, h("tr", {}, h("th", {}, "Scenario"), h("th", {}, "Status"), h("th", { class: "number" }, "Total cost"), h("th", {}, "Solved"))),
      h("tbody", {}, list.map(plan => h("tr", {},
        h("td", {}, h("a", { href: `#/plan/${plan.id}` }, plan.name)), h("td", {}, plan.status),
        h("td", { class: "number" }, fmt(plan.objective)), h("td", {}, new Date(plan.createdAt).toLocaleString()))))));
    const jobList = (await api("GET", "/v1/jobs?limit=10")).body.jobs;
    jobs.replaceChildren(jobList.length === 0 ? h("p", {}, "None yet.") : h("table", {},
      h("thead", {}, h("tr", {}, h("th", {}, "Kind"), h("th", {}, "Scenario"), h("th", {}, "State"), h("th", { class: "number" }, "Solved"))),
      h("tbody", {}, jobList.map(job => h("tr", {},
        h("td", {}, h("a", { href: `#/job/${job.id}` }, job.kind)), h("td", {}, job.name), h("td", {}, job.state),
        h("td", { class: "number" }, `${job.done} / ${job.total}`))))));
  } catch (error) {
    plans.replaceChildren(errorBox(error));
  }
}

async function openModel(model) {
  setStatus(`Opening ${model.name}…`);
  const text = (await api("GET", `/v1/models/${model.id}`)).body;
  await openDocument(text, "application/yaml", model.id, document.getElementById("models"));
}

async function openFile(file) {
  if (!file) return;
  const dot = file.name.lastIndexOf(".");
  const extension = dot >= 0 ? file.name.slice(dot + 1).toLowerCase() : "";
  const target = document.getElementById("upload-error");
  const contentType = extension === "json" ? "application/json" : extension === "yaml" || extension === "yml" ? "application/yaml"
    : extension === "xlsx" ? WORKBOOK : null;
  if (!contentType) {
    target.replaceChildren(errorBox(new Error(`${file.name}: a scenario is a .yaml, .yml or .json file, or an .xlsx workbook`)));
    return;
  }
  const name = dot >= 0 ? file.name.slice(0, dot) : file.name;
  if (contentType === WORKBOOK) {
    await openDocument(toBase64(new Uint8Array(await file.arrayBuffer())), contentType, name, target);
  } else {
    await openDocument(await file.text(), contentType, name, target);
  }
}

const WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Bytes as base64 text (a workbook is kept so in the tab's session storage), and back. */
function toBase64(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}
function fromBase64(text) {
  return Uint8Array.from(atob(text), c => c.charCodeAt(0));
}

/** The body of a kept document: text, or a workbook's bytes. */
function documentBody(text, contentType) {
  return contentType === WORKBOOK ? fromBase64(text) : text;
}

/** Validates a document (text, or a workbook as base64) and opens it in the editor; problems are shown next to `errorTarget`. */
async function openDocument(text, contentType, name, errorTarget) {
  try {
    const reply = await api("POST", `/v1/validate?name=${encodeURIComponent(name)}`, { body: documentBody(text, contentType), contentType });
    state.scenario = reply.body.scenario;
    state.summary = reply.body.summary;
    state.original = { text, contentType, name };
    state.dirty = false;
    state.disabled = {};
    state.plans = [];
    save();
    setStatus(`Opened ${reply.body.name}.`);
    location.hash = "#/scenario";
  } catch (error) {
    setStatus("The scenario has problems.", "error");
    errorTarget.replaceChildren(errorBox(error));
  }
}

// MARK: Scenario editor

/** The rules a planner switches on and off, per item. */
const itemRules = [
  ["domesticShare", rule => `Domestic share ${rule.min !== undefined ? `at least ${percent(rule.min)}` : ""}${rule.min !== undefined && rule.max !== undefined ? " and " : ""}${rule.max !== undefined ? `at most ${percent(rule.max)}` : ""} (per ${rule.over === "horizon" ? "horizon" : "period"}, from ${rule.from})`],
  ["maxSharePerSource", value => `No source delivers more than ${percent(value)}`],
  ["maxSharePerAlly", value => `No ally delivers more than ${percent(value)}`],
  ["minSources", rule => `At least ${rule.count} sources, each ${percent(rule.minShare ?? 0.1)} of demand`],
  ["minCountries", rule => `At least ${rule.count} countries, each ${percent(rule.minShare ?? 0.1)} of demand`],
  ["resilience", rule => `Survive the loss of ${rule.survive === "anySingleSource" ? "any single source" : "any single country"} with ${percent(rule.coverage)} of demand covered`],
];

function renderScenario() {
  const s = state.scenario;
  if (!s) {
    show(h("h1", {}, "No scenario open"), h("p", {}, h("a", { href: "#/" }, "Open an example model or your own scenario"), " first."));
    return;
  }
  const periods = s.periods;
  const currency = s.currency ? ` (${s.currency})` : "";
  const solveButton = h("button", { type: "button", id: "solve", class: "primary", onclick: () => solve(solveButton) }, "Solve");
  const timeLimit = h("input", { type: "number", id: "time-limit", min: "1", step: "any", placeholder: "server default", "aria-label": "time limit in seconds" });
  const preview = h("p", { id: "preview", class: "preview", "aria-live": "polite" });
  const body = [
    h("h1", {}, s.name),
    h("p", { class: "lead" }, `${periods.length} periods (${periods[0]} to ${periods[periods.length - 1]}), ${s.items.length} item${s.items.length === 1 ? "" : "s"}, ${s.sources.length} sources${s.currency ? `; money in ${s.currency}` : ""}.`),
    h("div", { class: "toolbar" }, solveButton,
      h("label", {}, "Time limit (s) ", timeLimit),
      h("button", { type: "button", id: "reset", onclick: resetEdits, disabled: !state.dirty }, "Undo all edits"),
      h("span", { id: "dirty", class: "note" }, state.dirty ? "Edited: the plan will answer the changed scenario." : "Unchanged: solves the file as opened.")),
    preview,
    h("div", { id: "solve-error" }),
    state.summary ? h("details", {}, h("summary", {}, "What the file says"), h("pre", {}, state.summary)) : null,
    h("h2", {}, `Unit cost per period${currency}`),
    periodTable("cost", periods, s.sources.map((source, i) => ({ label: source, values: source.unitCost, index: i })), sourceLabel,
      (i, t, value) => { s.sources[i].unitCost[t] = value; }),
    h("h2", {}, "Capacity per period"),
    h("p", { class: "note" }, "Units started per period (starts), or units in work at once (concurrent: dock slots)."),
    periodTable("capacity", periods, s.sources.map((source, i) => ({ label: source, values: source.capacity, index: i })), sourceLabel,
      (i, t, value) => { s.sources[i].capacity[t] = value; }),
    h("h2", {}, "Demand per period"),
    periodTable("demand", periods, s.items.map((item, i) => ({ label: item, values: item.demand, index: i })), item => [h("strong", {}, item.id), item.name ? h("small", {}, item.name) : null],
      (i, t, value) => { s.items[i].demand[t] = value; }),
    budgetSection(periods, currency),
    h("h2", {}, "Rules"),
    rulesSection(),
  ];
  show(body);
}

function sourceLabel(source) {
  return [h("strong", {}, source.id), h("small", {}, `${source.country}${source.name ? ` · ${source.name}` : ""}`)];
}

/** A table of rows by period with a number input in each cell; `assign(row, period, value)` applies an edit. */
function periodTable(kind, periods, rows, label, assign) {
  return h("div", { class: "scroll" }, h("table", { class: "grid", id: `${kind}-table` },
    h("thead", {}, h("tr", {}, h("th", {}, ""), periods.map(p => h("th", { class: "number" }, p)))),
    h("tbody", {}, rows.map(row => h("tr", {},
      h("th", { class: "row" }, label(row.label)),
      row.values.map((value, t) => h("td", {}, numberInput(`${kind}-${row.index}-${t}`, value, `${kind} ${row.label.id} ${periods[t]}`,
        parsed => assign(row.index, t, parsed)))))))));
}

function numberInput(id, value, label, apply) {
  const input = h("input", { type: "number", id, value: String(value), min: "0", step: "any", "aria-label": label, inputmode: "decimal" });
  input.addEventListener("change", () => {
    const parsed = Number(input.value);
    if (input.value.trim() === "" || !Number.isFinite(parsed) || parsed < 0) {
      input.setAttribute("aria-invalid", "true");
      setStatus(`${label}: give a number of at least 0`, "error");
      return;
    }
    input.removeAttribute("aria-invalid");
    input.classList.add("edited");
    apply(parsed);
    edited();
  });
  return input;
}

function budgetSection(periods, currency) {
  const policy = state.scenario.policy || (state.scenario.policy = {});
  const on = Array.isArray(policy.budget);
  const toggle = h("input", { type: "checkbox", id: "budget-on", checked: on, onchange: () => {
    if (toggle.checked) {
      policy.budget = state.disabled["policy.budget"] || suggestedBudget(periods.length);
      delete state.disabled["policy.budget"];
    } else {
      state.disabled["policy.budget"] = policy.budget;
      delete policy.budget;
    }
    edited();
    renderScenario();
  } });
  return h("section", {},
    h("h2", {}, `Budget per period${currency}`),
    h("label", { class: "check" }, toggle, " A spending limit in each period (undiscounted; ties every item together)"),
    on ? periodTable("budget", periods, [{ label: { id: "budget" }, values: policy.budget, index: 0 }], () => h("strong", {}, "budget"),
      (_, t, value) => { policy.budget[t] = value; }) : null);
}

/** A starting budget when one is switched on: the last plan's total spread evenly, doubled, so that it binds little. */
function suggestedBudget(count) {
  const last = state.plans[state.plans.length - 1];
  const total = last && last.objective ? last.objective : 1000;
  return Array.from({ length: count }, () => Math.ceil((2 * total) / count));
}

function rulesSection() {
  const s = state.scenario;
  const groups = s.items.map((item, i) => {
    const boxes = itemRules.map(([key, describe]) => {
      const saved = state.disabled[`items.${i}.${key}`];
      const present = item[key] !== undefined;
      if (!present && saved === undefined) return null;
      const value = present ? item[key] : saved;
      const box = h("input", { type: "checkbox", id: `rule-${i}-${key}`, checked: present, onchange: () => {
        if (box.checked) {
          item[key] = state.disabled[`items.${i}.${key}`];
          delete state.disabled[`items.${i}.${key}`];
        } else {
          state.disabled[`items.${i}.${key}`] = item[key];
          delete item[key];
        }
        edited();
      } });
      return h("label", { class: "check" }, box, " ", describe(value));
    }).filter(Boolean);
    return h("fieldset", {}, h("legend", {}, item.id, item.name ? ` · ${item.name}` : ""),
      boxes.length ? boxes : h("p", { class: "note" }, "No rules on this item."));
  });
  const policy = s.policy || (s.policy = {});
  const embargo = policy.embargo || (policy.embargo = []);
  const allies = s.countries.filter(c => !c.domestic);
  const embargoes = h("fieldset", {}, h("legend", {}, "Embargo what-if"),
    allies.length === 0 ? h("p", { class: "note" }, "No allies.") : allies.map(country => {
      const box = h("input", { type: "checkbox", id: `embargo-${country.id}`, checked: embargo.includes(country.id), onchange: () => {
        const index = embargo.indexOf(country.id);
        if (box.checked && index < 0) embargo.push(country.id);
        if (!box.checked && index >= 0) embargo.splice(index, 1);
        edited();
      } });
      return h("label", { class: "check" }, box, ` Cut off ${country.id}${country.name ? ` (${country.name})` : ""}`);
    }));
  return h("div", { class: "rules" }, groups, embargoes);
}

function edited() {
  state.dirty = true;
  save();
  const note = document.getElementById("dirty");
  if (note) note.textContent = "Edited: the plan will answer the changed scenario.";
  const reset = document.getElementById("reset");
  if (reset) reset.disabled = false;
  schedulePreview();
}

async function resetEdits() {
  if (!state.original) return;
  const { text, contentType, name } = state.original;
  const plans = state.plans;
  await openDocument(text, contentType, name, document.getElementById("solve-error"));
  state.plans = plans;
  save();
  renderScenario();
}

/** What to send: the document as opened while nothing is edited (so its checksum is the file's), else the edited JSON. */
function scenarioBody() {
  if (!state.dirty && state.original) {
    return { body: documentBody(state.original.text, state.original.contentType), contentType: state.original.contentType, name: state.original.name };
  }
  return { body: JSON.stringify(state.scenario), contentType: "application/json", name: state.original ? state.original.name : "" };
}

function solveQuery(extra = {}) {
  const query = new URLSearchParams();
  const limit = document.getElementById("time-limit");
  if (limit && limit.value) query.set("timeLimit", limit.value);
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && value !== "") query.append(key, value);
  return query;
}

async function solve(button) {
  const { body, contentType, name } = scenarioBody();
  button.disabled = true;
  setStatus("Solving…");
  try {
    const reply = await api("POST", `/v1/plans?${solveQuery({ name })}`, { body, contentType });
    const id = reply.headers.get("X-Plan-Id");
    state.plans.push({ id, objective: reply.body.objective, status: reply.body.status, name: reply.body.scenario.name });
    save();
    setStatus(`Solved: ${reply.body.status}, total cost ${fmt(reply.body.objective)}.`);
    location.hash = `#/plan/${id}`;
  } catch (error) {
    setStatus("Not solved.", "error");
    document.getElementById("solve-error").replaceChildren(errorBox(error));
  } finally {
    button.disabled = false;
  }
}

// While the planner edits, the total of the changed scenario is re-solved warm: from the last
// plan's optimal basis, on the server's kept model (a sweep point's path). The Solve button
// then makes the full plan.
let previewTimer = null;
let previewRun = 0;
function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(preview, 400);
}

async function preview() {
  const target = document.getElementById("preview");
  const base = state.plans[state.plans.length - 1];
  if (!target || !base || !state.dirty) return;
  const run = ++previewRun;
  try {
    const reply = await api("POST", `/v1/solve?${solveQuery({ warmFrom: base.id, sensitivity: "false" })}`,
      { body: JSON.stringify(state.scenario), contentType: "application/json" });
    if (run !== previewRun) return;
    const plan = reply.body;
    target.replaceChildren(`What-if, re-solved warm from the last plan: ${plan.status}, total ${fmt(plan.objective)}`,
      plan.objective !== null && base.objective !== null ? ` (${signed(plan.objective - base.objective)} against the last plan)` : "",
      ". Solve for the full plan.");
  } catch (error) {
    if (run === previewRun) target.replaceChildren(`What-if: ${error.message}`);
  }
}

// MARK: Plan

async function renderPlan(id) {
  setStatus("Loading the plan…");
  let plan;
  try {
    plan = (await api("GET", `/v1/plans/${encodeURIComponent(id)}`)).body;
  } catch (error) {
    show(h("h1", {}, "Plan not found"), errorBox(error));
    return;
  }
  setStatus("");
  const currency = plan.currency || (state.scenario && state.scenario.currency) || "";
  const previous = previousPlan(id);
  const costs = Object.entries(plan.costs).filter(([, amount]) => amount !== 0);
  show(
    h("h1", {}, "Plan: ", plan.scenario.name),
    h("p", { class: "total" }, h("span", { class: `badge ${plan.status}`, id: "plan-status" }, plan.status),
      " total cost ", h("strong", { id: "plan-total" }, fmt(plan.objective)), currency ? ` ${currency}` : "",
      plan.mipGap ? ` (MIP gap ${percent(plan.mipGap)})` : ""),
    h("div", { id: "comparison" }, previous ? h("p", { class: "note" }, "Comparing with the plan before…") : null),
    plan.diagnosis ? h("section", { class: "error" }, h("h2", {}, "Why there is no plan"), h("ul", {}, plan.diagnosis.map(d => h("li", {}, d.message)))) : null,
    h("section", {}, h("h2", {}, "Downloads"), h("ul", { class: "downloads" },
      h("li", {}, h("a", { href: `/v1/plans/${id}.json`, id: "download-json", download: "" }, "Plan (JSON)")),
      h("li", {}, h("a", { href: `/v1/plans/${id}.xlsx`, id: "download-xlsx", download: "" }, "Plan (workbook)")),
      ["item-periods", "source-periods", "onshoring", "redundancy", "costs", "spending", "excluded"].map(table =>
        h("li", {}, h("a", { href: `/v1/plans/${id}.csv?table=${table}`, id: `download-${table}`, download: "" }, `${table}.csv`))),
      h("li", {}, h("a", { href: `/v1/plans/${id}/report`, target: "_blank", rel: "noopener" }, "Report (HTML)")),
      h("li", {}, h("a", { href: `/v1/plans/${id}/scenario`, download: "" }, "Scenario as solved")),
      h("li", {}, h("a", { href: `/v1/plans/${id}/scenario?format=xlsx`, id: "download-scenario-xlsx", download: "" }, "Scenario as a workbook")))),
    h("section", {}, h("h2", {}, "Costs"), h("table", { id: "costs" },
      h("tbody", {}, costs.map(([kind, amount]) => h("tr", {}, h("th", {}, kind), h("td", { class: "number" }, fmt(amount))))))),
    spendSection(plan, currency),
    h("section", {}, h("h2", {}, "Next"), h("div", { class: "toolbar" },
      h("button", { type: "button", id: "edit", onclick: () => editPlanScenario(id) }, "Change the scenario"),
      analysisForms(plan, id))),
    h("section", {}, h("h2", {}, "Report"), h("p", { class: "note" }, "Deliveries against demand, the onshoring timeline, utilisation, costs and redundancy."),
      reportFrame(`/v1/plans/${id}/report`, "Plan report")));
  if (previous) showComparison(previous, id, currency);
}

function reportFrame(src, title) {
  const frame = h("iframe", { src, title, class: "report", id: "report-frame" });
  frame.addEventListener("load", () => {
    try { frame.style.height = `${frame.contentDocument.documentElement.scrollHeight + 20}px`; } catch (_) { /* keep the default */ }
  });
  return frame;
}

async function showComparison(previous, id, currency) {
  const target = document.getElementById("comparison");
  try {
    const comparison = (await api("GET", `/v1/plans/${id}/compare?with=${previous.id}`)).body;
    const o = comparison.objective;
    const changes = [];
    for (const cost of comparison.costs) changes.push(`${cost.kind}: ${fmt(cost.before)} → ${fmt(cost.after)}`);
    for (const s of comparison.sources.added) changes.push(`${s.source} (${s.country}) now used: ${fmtNumber(s.after)} units`);
    for (const s of comparison.sources.dropped) changes.push(`${s.source} (${s.country}) no longer used (was ${fmtNumber(s.before)} units)`);
    for (const s of comparison.sources.resized) changes.push(`${s.source} (${s.country}): ${fmtNumber(s.before)} → ${fmtNumber(s.after)} units`);
    for (const m of comparison.onshoring) changes.push(`${m.source} ${m.milestone}: ${m.before || "none"} → ${m.after || "none"}`);
    for (const item of comparison.items) {
      if (item.domesticShare.before !== item.domesticShare.after) changes.push(`${item.item} domestic share: ${percent(item.domesticShare.before)} → ${percent(item.domesticShare.after)}`);
    }
    target.replaceChildren(h("section", { class: "compare" },
      h("h2", {}, "Against the plan before"),
      h("p", { id: "plan-delta" }, o.change === null ? "The totals cannot be compared." : `Total ${fmt(o.before)} → ${fmt(o.after)}${currency ? ` ${currency}` : ""}: ${signed(o.change)}`,
        o.change !== null && o.before ? ` (${signed((o.change / o.before) * 100)}%)` : ""),
      changes.length ? h("ul", { id: "changes" }, changes.map(c => h("li", {}, c))) : h("p", {}, comparison.differences ? "" : "Nothing else changed."),
      h("p", {}, h("a", { href: `#/plan/${previous.id}` }, "Open the plan before"))));
  } catch (error) {
    target.replaceChildren(errorBox(error));
  }
}

/** Spending against the budget, per period, when the plan has them (`spending`, `budget`). */
function spendSection(plan, currency) {
  if (!Array.isArray(plan.spending)) {
    return h("section", {}, h("h2", {}, "Spending against the budget"),
      h("p", { class: "note", id: "spend-chart" }, "This plan has no per-period spending figures."));
  }
  const periods = plan.periods;
  const budget = Array.isArray(plan.budget) ? plan.budget : null;
  const top = Math.max(1, ...plan.spending, ...(budget || []));
  const width = 640, height = 220, left = 60, bottom = 30, barWidth = (width - left - 10) / periods.length;
  const y = value => height - bottom - (value / top) * (height - bottom - 10);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "spending and budget per period", id: "spend-chart", class: "chart" },
    svg("line", { x1: left, x2: width - 10, y1: y(0), y2: y(0), class: "axis" }),
    svg("text", { x: left - 6, y: y(top) + 4, class: "tick", "text-anchor": "end" }, fmt(top)),
    svg("text", { x: left - 6, y: y(0) + 4, class: "tick", "text-anchor": "end" }, "0"),
    periods.map((period, t) => [
      svg("rect", { x: left + t * barWidth + 4, y: y(plan.spending[t]), width: barWidth - 8, height: y(0) - y(plan.spending[t]), class: "spend" },
        svg("title", {}, `${period}: spent ${fmt(plan.spending[t])}${budget ? ` of ${fmt(budget[t])}` : ""}`)),
      budget ? svg("line", { x1: left + t * barWidth + 2, x2: left + (t + 1) * barWidth - 2, y1: y(budget[t]), y2: y(budget[t]), class: "budget" }) : null,
      svg("text", { x: left + (t + 0.5) * barWidth, y: height - 10, class: "tick", "text-anchor": "middle" }, period),
    ]));
  return h("section", {}, h("h2", {}, `Spending against the budget${currency ? ` (${currency}, undiscounted)` : ""}`), chart,
    h("p", { class: "legend" }, h("span", { class: "swatch spend" }), " spent", budget ? [" ", h("span", { class: "swatch budget" }), " budget"] : " (no budget set)"));
}

async function editPlanScenario(id) {
  // The scenario in the editor answers this plan unless another one was opened since.
  const entry = state.plans.find(p => p.id === id);
  if (state.scenario && entry) {
    location.hash = "#/scenario";
    return;
  }
  const reply = await fetch(`/v1/plans/${id}/scenario`);
  const contentType = (reply.headers.get("Content-Type") || "application/yaml").split(";")[0];
  const plan = (await api("GET", `/v1/plans/${id}`)).body;
  const text = contentType === WORKBOOK ? toBase64(new Uint8Array(await reply.arrayBuffer())) : await reply.text();
  await openDocument(text, contentType, plan.scenario.name, document.getElementById("comparison"));
  state.plans = [{ id, objective: plan.objective, status: plan.status, name: plan.scenario.name }];
  save();
}

// MARK: Sweeps and stress tests

/** The fields a sweep can vary, from the scenario in the editor (or none). */
function sweepPaths() {
  const s = state.scenario;
  if (!s) return [];
  return [
    ...s.sources.flatMap(source => [`sources[${source.id}].unitCost`, `sources[${source.id}].capacity`]),
    ...s.items.map(item => `items[${item.id}].demand`),
    ...(s.policy && s.policy.budget ? ["policy.budget"] : []),
    "discountRate",
  ];
}

function analysisForms(plan, planId) {
  const paths = sweepPaths();
  const path = paths.length
    ? h("select", { id: "sweep-path", "aria-label": "parameter to vary" }, paths.map(p => h("option", { value: p }, p)))
    : h("input", { id: "sweep-path", value: "policy.budget", "aria-label": "parameter to vary" });
  const values = h("input", { id: "sweep-values", value: "x0.5..x2:16", size: "14", "aria-label": "values", title: "a list (10,12,15), a range with a count (400..600:21), or factors of the base value (x0.5..x2:16)" });
  const by = h("select", { id: "stress-by", "aria-label": "knock out each" }, h("option", { value: "country" }, "country"), h("option", { value: "source" }, "source"));
  const from = h("select", { id: "stress-from", "aria-label": "from period" }, plan.periods.map(p => h("option", { value: p }, p)));
  const errorTarget = h("div", { id: "analysis-error" });
  return h("div", { class: "analyses" },
    h("form", { class: "inline", id: "sweep-form", onsubmit: event => { event.preventDefault(); startJob("sweeps", { vary: `${path.value}=${values.value}` }, errorTarget, planId); } },
      h("strong", {}, "Sweep "), path, " over ", values, " ", h("button", { type: "submit", id: "start-sweep" }, "Run sweep")),
    h("form", { class: "inline", id: "stress-form", onsubmit: event => { event.preventDefault(); startJob("stress", { by: by.value, from: from.value }, errorTarget, planId); } },
      h("strong", {}, "Stress test: "), "knock out each ", by, " from ", from, " ", h("button", { type: "submit", id: "start-stress" }, "Run stress test")),
    errorTarget);
}

async function startJob(kind, parameters, errorTarget, planId) {
  setStatus("Starting…");
  try {
    let body, contentType, name;
    if (state.scenario && state.plans.some(p => p.id === planId)) {
      ({ body, contentType, name } = scenarioBody());
    } else {
      const reply = await fetch(`/v1/plans/${planId}/scenario`);
      contentType = (reply.headers.get("Content-Type") || "application/yaml").split(";")[0];
      body = contentType === WORKBOOK ? new Uint8Array(await reply.arrayBuffer()) : await reply.text();
    }
    const reply = await api("POST", `/v1/${kind}?${new URLSearchParams({ ...parameters, ...(name ? { name } : {}) })}`, { body, contentType });
    location.hash = `#/job/${reply.body.id}`;
  } catch (error) {
    setStatus("Not started.", "error");
    errorTarget.replaceChildren(errorBox(error));
  }
}

let events = null;
async function renderJob(id) {
  if (events) { events.close(); events = null; }
  let job;
  try {
    job = (await api("GET", `/v1/jobs/${encodeURIComponent(id)}`)).body;
  } catch (error) {
    show(h("h1", {}, "Job not found"), errorBox(error));
    return;
  }
  setStatus("");
  const title = job.kind === "sweep" ? `Sweep of ${job.request.vary.join(" × ")}` : `Stress test: each ${job.request.by} knocked out from ${job.request.from || "the start"}`;
  const bar = h("progress", { id: "job-progress", max: String(Math.max(job.total, 1)), value: String(job.done) });
  const count = h("span", { id: "job-count" }, `${job.done} of ${job.total} solved`);
  const stateText = h("span", { id: "job-state", class: `badge ${job.state}` }, job.state);
  const actions = h("div", { class: "toolbar" });
  const result = h("div", { id: "job-result" });
  show(h("h1", {}, title), h("p", { class: "lead" }, job.name), h("p", { class: "progress" }, stateText, " ", bar, " ", count), actions, result);
  const update = progress => {
    bar.max = Math.max(progress.total, 1);
    bar.value = progress.done;
    count.textContent = `${progress.done} of ${progress.total} solved`;
    stateText.textContent = progress.state;
    stateText.className = `badge ${progress.state}`;
  };
  if (job.state === "queued" || job.state === "running") {
    actions.replaceChildren(h("button", { type: "button", id: "stop-job", onclick: () => api("POST", `/v1/jobs/${id}/cancel`).catch(e => setStatus(e.message, "error")) }, "Stop"));
    events = new EventSource(`/v1/jobs/${id}/events`);
    events.addEventListener("progress", message => {
      const progress = JSON.parse(message.data);
      update(progress);
      if (["done", "failed", "interrupted"].includes(progress.state)) {
        events.close();
        events = null;
        renderJob(id);
      }
    });
    return;
  }
  if (job.state === "interrupted") {
    actions.replaceChildren(h("p", {}, `Stopped after ${job.done} of ${job.total}; what was finished is kept.`),
      h("button", { type: "button", id: "resume-job", onclick: async () => { await api("POST", `/v1/jobs/${id}/resume`); renderJob(id); } }, "Resume"));
    return;
  }
  if (job.state === "failed") {
    result.replaceChildren(errorBox(new Error(job.error || "the job failed")));
    return;
  }
  actions.replaceChildren(h("ul", { class: "downloads" },
    h("li", {}, h("a", { href: `/v1/jobs/${id}/result`, download: `${job.kind}.json`, id: "download-result" }, `${job.kind} (JSON)`)),
    job.kind === "sweep" ? h("li", {}, h("a", { href: `/v1/jobs/${id}/result?format=csv`, download: "" }, "sweep (CSV)")) : null,
    h("li", {}, h("a", { href: `/v1/jobs/${id}/result?format=xlsx`, download: "" }, `${job.kind} (workbook)`)),
    h("li", {}, h("a", { href: `/v1/jobs/${id}/report`, target: "_blank", rel: "noopener" }, "Report (HTML)"))));
  result.replaceChildren(job.kind === "sweep" ? sweepTable(job.result) : stressTable(job.result),
    h("h2", {}, "Report"), reportFrame(`/v1/jobs/${id}/report`, `${job.kind} report`));
}

function sweepTable(document) {
  const paths = document.parameters.map(p => p.path);
  const items = document.points.length ? Object.keys(document.points[0].domesticShare) : [];
  return h("div", { class: "scroll" }, h("table", { id: "sweep-table" },
    h("thead", {}, h("tr", {}, paths.map(p => h("th", { class: "number" }, p)), h("th", {}, "status"), h("th", { class: "number" }, "total cost"),
      items.map(i => h("th", { class: "number" }, `${i} domestic share`)))),
    h("tbody", {}, document.points.map(point => h("tr", {},
      paths.map(p => h("td", { class: "number" }, fmtNumber(point.values[p]))), h("td", {}, point.status),
      h("td", { class: "number" }, fmt(point.objective)), items.map(i => h("td", { class: "number" }, percent(point.domesticShare[i]))))))));
}

function stressTable(document) {
  return h("div", { class: "scroll" }, h("table", { id: "stress-table" },
    h("thead", {}, h("tr", {}, ["knocked out", "status", "units short", "units late", "extra cost", "survives", "time to survive", "exposure (cost)", "exposure (shortfall)"]
      .map((label, k) => h("th", { class: k > 1 ? "number" : "" }, label)))),
    h("tbody", {}, document.disruptions.map(d => h("tr", {},
      h("td", {}, d.target), h("td", {}, d.status), h("td", { class: "number" }, fmtNumber(d.unitsShort)), h("td", { class: "number" }, fmtNumber(d.unitsLate)),
      h("td", { class: "number" }, fmt(d.extraCost)), h("td", { class: "number" }, d.survives === null ? "–" : d.survives ? "yes" : "no"),
      h("td", { class: "number" }, fmtNumber(d.timeToSurvive)), h("td", { class: "number" }, percent(d.exposure && d.exposure.cost)),
      h("td", { class: "number" }, percent(d.exposure && d.exposure.shortfall)))))));
}

// MARK: Routing

function route() {
  if (events && !location.hash.startsWith("#/job/")) { events.close(); events = null; }
  const hash = location.hash || "#/";
  const [, page, id] = hash.split("/");
  document.querySelectorAll("header nav a").forEach(a => a.removeAttribute("aria-current"));
  if (page === "scenario") renderScenario();
  else if (page === "plan" && id) renderPlan(id);
  else if (page === "job" && id) renderJob(id);
  else renderStart();
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", () => {
  document.getElementById("main").setAttribute("tabindex", "-1");
  restore();
  route();
});
