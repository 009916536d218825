// Loss and change against the baseline, drawn as the server draws them: the thresholds, words, signs
// and looks come in the data (advocacy_ui/display.py, live_rules()), none are written here.

function ruleIsLoss(rules, field, value) {  // display.is_loss
  return rules.loss_fields.includes(field) && value !== null && value < rules.loss_below;
}

function ruleChange(rules, value, base) {  // display._change
  if (value === null || base === null) return null;
  const change = value - base;
  if (!Number.isFinite(change)
      || Math.abs(change) < rules.change_tolerance * Math.max(rules.change_floor, Math.abs(base))) return null;
  return change;
}

function ruleLook(rules, value, base, field) {  // display.delta_look
  const c = ruleChange(rules, value, base);
  return rules.looks[c === null || rules.no_direction.includes(field) ? "none" : c > 0 ? "up" : "down"];
}

function ruleDeltaText(rules, field, value, base, fmt, spec) {  // display.delta_text
  const words = rules.words;
  if (value === null || base === null) {
    return value === null && base === null ? words.none : `${fmt(base)}${words.baseline_only}`;
  }
  const c = ruleChange(rules, value, base);
  if (c === null) return words.none;
  const sign = rules.signs[c > 0 ? "up" : "down"];
  if (field in rules.points) {
    return `${sign}${LIVE_FORMAT.percent(Math.abs(c), spec, rules.points[field]).replace(/\s*%$/, "").replace(/^%/, "")}${words.points_after}`;
  }
  return `${sign}${fmt(Math.abs(c))}${words.after}`;
}

const LIVE_RULES = { isLoss: ruleIsLoss, change: ruleChange, look: ruleLook, deltaText: ruleDeltaText };
