// The live levers (advocacy_ui/levers.py), after live_format.js in the same module.
// While a lever moves, every live figure is evaluated from the coefficients the server sent
// (advocacy_calc/live.py: value_at and figures_at, ported line by line: no formula of our own)
// and written into the figures the server drew, formatted by the server's spec. On release the
// three values go to the server as one dict; its rerun sends its own texts, which replace ours.

const ORDER = ["participants", "share_rate", "stories_per_day"];
const MINE = new WeakMap();  // per mount: { data, seq, dragging }
let LATEST = null;           // the latest data, for figures drawn after it arrived

function valueAt(c, p, s, d) {  // advocacy_calc.live.value_at, summed in the same order
  return (c[0] + c[1] * d + c[2] * s + c[3] * s * d
          + c[4] * p + c[5] * p * d + c[6] * p * s + c[7] * p * s * d);
}

function figuresAt(coeffs, p, s, d, cap = 1.0) {  // advocacy_calc.live.figures_at (cap: share_rate_cap)
  const out = {};
  for (const [name, c] of Object.entries(coeffs)) out[name] = valueAt(c, p, s, d);
  const cost = out.program_cost_per_month, net = out.net_value_per_month;
  const roi = cost > 0 ? net / cost : null;
  out.roi = roi !== null && Number.isFinite(roi) ? roi : null;
  const net0 = valueAt(coeffs.net_value_per_month, p, 0.0, d);
  const net1 = valueAt(coeffs.net_value_per_month, p, cap, d);
  if (net0 >= 0) out.break_even_share_rate = 0.0;
  else if (net1 < 0 || net1 <= net0) out.break_even_share_rate = null;
  else out.break_even_share_rate = Math.min(cap, -net0 / (net1 - net0) * cap);
  return out;
}

function writer(kind, spec) {  // display._figures' rule for each kind
  if (kind === "count") return (x) => LIVE_FORMAT.count(x, spec);
  if (kind === "money") return (x) => LIVE_FORMAT.money(x, spec);
  if (kind === "roi") return (x) => (x === null ? "none" : LIVE_FORMAT.percent(x, spec, 0));
  return (x) => (x === null ? "not reached" : LIVE_FORMAT.percent(x, spec, 1));
}

// Loss and change follow the server's rules, sent as data (data.rules: display.live_rules; live_rules.js).

function fillStory(template, values, spec) {  // advocacy_calc.narrative.fill_story
  let out = "";
  for (const part of template) {
    if (typeof part === "string") out += part;
    else if ("percent" in part) out += LIVE_FORMAT.percent(values[part.percent], spec, 1);
    else if ("count" in part) out += LIVE_FORMAT.count(values[part.count], spec);
    else if ("money" in part) out += LIVE_FORMAT.money(values[part.money], spec);
    else if ("word" in part) {
      const x = values[part.word];
      const one = part.rule === "rounded_is_one" ? roundsToOne(x) : x === 1;
      out += one ? part.one : part.other;
    } else if ("seen" in part) {
      if (values[part.seen] < values[part.of]) out += fillStory(part.text, values, spec);
    }
  }
  return out;
}

function roundsToOne(x) {  // Python's round(x, 1) == 1: toFixed rounds the exact binary value as Python does
  return Number(x.toFixed(1)) === 1;  // (the ties where they differ, such as 0.25, are far from 1)
}

// --- the page's figures: found by their containers' keys, tagged with data-figure -----------------

function targets(field) {
  return document.querySelectorAll(
    `.st-key-fig-${field} [data-testid=stMetricValue], .st-key-loss-${field} [data-testid=stMetricValue]`);
}

function figureBoxes(field) {  // the figure's container: the server's look and loss are on its key
  return document.querySelectorAll(`.st-key-fig-${field}, .st-key-loss-${field}`);
}

function deltaTargets(field) {
  return document.querySelectorAll(
    `.st-key-fig-${field} [data-testid=stMetricDelta], .st-key-loss-${field} [data-testid=stMetricDelta]`);
}

function storyTargets() {
  return document.querySelectorAll(".st-key-story h3, .st-key-present-title h1");
}

function leadTargets() {
  return document.querySelectorAll(".st-key-lead-story [data-testid=stMarkdownContainer] :is(p, h3)");
}

function tag(data) {
  for (const field of Object.keys(data.kinds)) {
    for (const el of targets(field)) if (el.dataset.figure !== field) el.dataset.figure = field;
    for (const el of deltaTargets(field)) if (el.dataset.figureDelta !== field) el.dataset.figureDelta = field;
  }
  for (const el of storyTargets()) if (el.dataset.figure !== "story") el.dataset.figure = "story";
  for (const el of leadTargets()) if (el.dataset.figure !== "lead_story") el.dataset.figure = "lead_story";
}

function setText(el, text) {  // change the text node's value, never the node: React keeps its own
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    if (node.nodeValue.trim()) {
      if (node.nodeValue !== text) node.nodeValue = text;
      return;
    }
  }
}

function show(data, figures, deltas, story, leadStory, live) {
  for (const [field, text] of Object.entries(figures)) {
    for (const el of targets(field)) setText(el, text);
    // Red and "A loss:", the change's arrow and colour: by the server's rules, drawn by the page's CSS
    // (present.py) from these attributes while a lever moves; gone when the server's figures come.
    for (const box of figureBoxes(field)) {
      if (!live) {
        delete box.dataset.liveLoss;
        delete box.dataset.liveLook;
        continue;
      }
      if (data.rules.loss_fields.includes(field)) box.dataset.liveLoss = String(LIVE_RULES.isLoss(data.rules, field, live[field]));
      if (data.baseline && field in data.baseline) box.dataset.liveLook = LIVE_RULES.look(data.rules, live[field], data.baseline[field], field);
    }
  }
  for (const [field, text] of Object.entries(deltas)) for (const el of deltaTargets(field)) setText(el, text);
  if (story !== null) for (const el of storyTargets()) setText(el, story);
  if (leadStory !== null) for (const el of leadTargets()) setText(el, leadStory);
}

function liveTexts(data, values) {
  const spec = data.spec;
  const live = figuresAt(data.coefficients, values.participants, values.share_rate, values.stories_per_day, data.cap);
  const figures = {}, deltas = {};
  for (const [field, kind] of Object.entries(data.kinds)) {
    const fmt = writer(kind, spec);
    figures[field] = fmt(live[field]);
    if (data.baseline && field in data.baseline) {
      deltas[field] = LIVE_RULES.deltaText(data.rules, field, live[field], data.baseline[field], fmt, spec);
    }
  }
  const story = fillStory(data.story, { ...live, ...values }, spec);
  const leadStory = fillStory(data.lead_story, live, spec);
  return { live, figures, deltas, story, leadStory };
}

// --- the levers ---------------------------------------------------------------------------------

function boxText(lever, value) {
  if (lever.kind === "count") return LIVE_FORMAT.count(value, LATEST.spec);
  const decimal = LATEST.spec.number.decimal;  // 12,5 in de-DE, as the figures print
  if (lever.kind === "percent") return String(Math.round(value * 10000) / 100).replace(".", decimal);
  return String(Math.round(value * 100) / 100).replace(".", decimal);
}

function sizeBox(box) {  // at least the style's width (its min-width), wider for a longer value
  box.style.width = `${box.value.length + 0.8}ch`;
}

function parseBox(lever, text) {  // the number typed (in the locale's separators), in the lever's units, or null
  const number = LATEST.spec.number;
  let clean = text.replace(/[\s%]/g, "").split(number.group).join("");
  if (number.decimal !== ".") clean = clean.split(number.decimal).join(".");
  if (!/^\d*\.?\d+$|^\d+\.$/.test(clean)) return null;
  let value = Number(clean);
  if (lever.kind === "count") { if (!Number.isInteger(value)) return null; }
  if (lever.kind === "percent") value = value / 100;
  return Number.isFinite(value) && value >= lever.min && value <= lever.box_max ? value : null;
}

function readValues(mine) {
  const values = {};
  for (const lever of mine.data.levers) values[lever.key] = mine.values[lever.key];
  return values;
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  const root = parentElement.querySelector(".levers");
  if (!root || !data) return;
  LATEST = data;
  let mine = MINE.get(parentElement);
  if (!mine) {
    mine = { seq: data.seq || 0, dragging: false, values: {} };
    MINE.set(parentElement, mine);
  }
  mine.data = data;
  root.classList.toggle("presenting", !!data.presenting);
  const announce = root.querySelector(".announce");

  const moved = () => {  // every input event: the figures follow at once
    const t = liveTexts(mine.data, readValues(mine));
    show(mine.data, t.figures, t.deltas, t.story, t.leadStory, t.live);
    return t;
  };
  const release = (lever) => {  // the server settles it; the screen reader hears it once, now
    mine.seq += 1;
    root.dataset.sent = String(mine.seq);  // tests and benchmarks wait for data-settled to reach it
    setStateValue("values", { ...readValues(mine), seq: mine.seq });
    const t = moved();
    const parts = [`${lever.label} ${root.querySelector(`[data-lever-box=${lever.key}]`).value}${lever.kind === "percent" ? "%" : ""}`];
    for (const [field, name] of [["value_per_month", "value per month"], ["net_value_per_month", "net value per month"]]) {
      if (targets(field).length) parts.push(`${name} ${t.figures[field]}`);
    }
    announce.textContent = parts.join(", ");
  };

  // The server's values replace ours unless a newer release is on its way to it, or a thumb is held.
  const fresh = !mine.dragging && (data.seq || 0) >= mine.seq;
  mine.seq = Math.max(mine.seq, data.seq || 0);
  for (const lever of data.levers) {
    const range = root.querySelector(`[data-lever=${lever.key}]`);
    const box = root.querySelector(`[data-lever-box=${lever.key}]`);
    const label = root.querySelector(`label[for=lever-${lever.key}]`);
    label.textContent = lever.label;
    box.setAttribute("aria-label", `${lever.label}, as a number`);
    const outside = root.querySelector(`[data-lever-outside=${lever.key}]`);
    const refuse = (why) => {  // a typed number out of bounds: the box in red, and the bounds in words
      box.setAttribute("aria-invalid", "true");
      box.setAttribute("aria-describedby", outside.id);
      outside.textContent = why;
      outside.hidden = false;
    };
    const accept = () => {
      box.removeAttribute("aria-invalid");
      box.removeAttribute("aria-describedby");
      outside.hidden = true;
    };
    range.min = String(lever.min);
    // A top off the step grid (a group's cap at 33.33%) is out of a native range's reach: it snaps to the
    // step below (End gave 33%). The range runs to the next step and the value is held at the top.
    range.max = String(Math.ceil(Number((lever.max / lever.step).toFixed(6))) * lever.step);  // float noise: 100.0000001 steps is 100
    range.step = String(lever.step);
    if (fresh || !(lever.key in mine.values)) {
      mine.values[lever.key] = lever.value;
      range.value = String(lever.value);
      box.value = boxText(lever, lever.value);
      accept();
    }
    sizeBox(box);
    range.setAttribute("aria-valuetext", boxText(lever, mine.values[lever.key]) + (lever.kind === "percent" ? "%" : ""));
    range.oninput = () => {
      mine.values[lever.key] = Math.min(Number(range.value), lever.max);
      box.value = boxText(lever, mine.values[lever.key]);
      sizeBox(box);
      range.setAttribute("aria-valuetext", box.value + (lever.kind === "percent" ? "%" : ""));
      accept();
      moved();
    };
    range.onchange = () => { mine.dragging = false; release(lever); };
    range.onpointerdown = () => { mine.dragging = true; };
    range.onpointerup = range.onpointercancel = () => {
      mine.dragging = false;
      // Presenting, a drag leaves no focus behind: a clicker's Page Down then turns the page (present.py),
      // where it moved the lever a step. Keyboard focus (Tab) stays where it is.
      if (mine.data.presenting) setTimeout(() => range.blur(), 0);
    };
    box.oninput = () => {
      sizeBox(box);
      const value = parseBox(lever, box.value);
      if (value === null) return;
      mine.values[lever.key] = value;
      range.value = String(value);
      moved();
    };
    box.onchange = () => {
      const value = parseBox(lever, box.value);
      if (value === null) {
        refuse(lever.outside);
        return;
      }
      accept();
      mine.values[lever.key] = value;
      range.value = String(value);
      box.value = boxText(lever, value);
      sizeBox(box);
      release(lever);
    };
    box.onkeydown = (e) => { if (e.key === "Enter") box.onchange(); };
  }

  if (fresh) {
    show(data, data.server.figures, data.server.deltas, data.server.story, data.server.lead_story, null);
    root.dataset.settled = String(data.seq || 0);
  } else {
    moved();  // a newer move is on its way to the server: keep showing it
  }
  root.classList.add("ready");
  tag(data);
  if (!window.__advocacyLiveTags) {  // figures drawn after the data came (the page draws below the levers)
    window.__advocacyLiveTags = true;
    let queued = false;
    new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; if (LATEST) tag(LATEST); });
    }).observe(document.body, { childList: true, subtree: true });
  }
}
