// Numbers for humans in the browser, exactly as advocacy_calc/formatting.py prints them, following
// the spec it sends (formatting.format_spec). No Intl: it does not agree with Python for every
// locale nor for ties. The rule rounds half up on the number's decimal spelling: String(x) in
// JavaScript is Python's repr(x), so both round the same digits (0.125 -> 0.13, 2.675 -> 2.68), after
// dropping float noise the same way (formatting.as_written: 56857.49999999999 is 56857.5).

function decimalParts(x, spec) {  // |x| = digits · 10^exp as formatting.as_written spells it (digits a BigInt)
  const text = String(Math.abs(x));
  const [mantissa, expPart] = text.split("e");
  const [whole, frac = ""] = mantissa.split(".");
  let digits = BigInt(whole + frac), exp = (expPart ? parseInt(expPart, 10) : 0) - frac.length;
  if (digits === 0n) return [0n, 0];
  // Float noise dropped: at most spec.significant digits and spec.decimals decimals, half to even.
  const adjusted = exp + digits.toString().length - 1;
  const cut = -exp - Math.min(spec.decimals, spec.significant - 1 - adjusted);
  if (cut > 0) {
    const d = 10n ** BigInt(cut), r = digits % d;
    digits /= d;
    if (r * 2n > d || (r * 2n === d && digits % 2n === 1n)) digits += 1n;
    exp += cut;
  }
  return [digits, exp];
}

function halfUpUnits(x, places, spec) {  // |x| rounded half up at `places` decimals, in units of 10^-places
  const [digits, exp] = decimalParts(x, spec);
  const shift = exp + places;
  if (shift >= 0) return digits * 10n ** BigInt(shift);
  const d = 10n ** BigInt(-shift);
  const units = digits / d;
  return (digits % d) * 2n >= d ? units + 1n : units;
}

function roundHalfUp(x, places, spec) {  // round_half_up as a signed number
  const units = Number(halfUpUnits(x, places, spec)) / 10 ** places;
  return x < 0 ? -units : units;
}

function fixed(x, places, spec, trim = false) {  // [sign, digits with separators]; no sign on a zero
  const units = halfUpUnits(x, places, spec);
  let text = units.toString().padStart(places + 1, "0");
  let whole = places ? text.slice(0, -places) : text, frac = places ? text.slice(-places) : "";
  if (trim) frac = frac.replace(/0+$/, "");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, spec.thousands);
  const sign = x < 0 && units !== 0n ? spec.minus : "";
  return [sign, grouped + (frac ? spec.decimal + frac : "")];
}

function grouped(whole, style) {  // "1234567" in the currency's grouping: 1,234,567 or en-IN 12,34,567
  const [primary, secondary] = style.grouping;
  if (whole.length <= primary) return whole;
  let head = whole.slice(0, -primary);
  const parts = [whole.slice(-primary)];
  while (head.length > secondary) { parts.unshift(head.slice(-secondary)); head = head.slice(0, -secondary); }
  return [head, ...parts].join(style.group);
}

function local(text, style) {  // digits as fixed() spells them (en-US: "1,234.5") in a style's separators and grouping (money's or spec.number)
  const [whole, frac] = text.split(".");
  const digits = whole.replace(/[KMBT]+$/, "");  // "169M": the suffix is not a digit to group (was "1,69M")
  const w = /^\d/.test(digits) ? grouped(digits.replace(/,/g, ""), style) + whole.slice(digits.length) : whole;
  return w + (frac ? style.decimal + frac : "");
}

function wrap(sign, text, style) {  // the symbol in its place; a loss with the locale's negative pattern
  return sign ? style.negative_prefix + text + style.negative_suffix : style.prefix + text + style.suffix;
}


function scientific(x, spec) {  // Python's f"{abs(x):.1E}" for |x| >= 1e15 (exponent of two digits or more)
  return [x < 0 ? spec.minus : "", Math.abs(x).toExponential(1).toUpperCase()];
}

function money(amount, spec) {
  if (!Number.isFinite(amount)) return "n/a";
  const style = spec.money;
  if (Math.abs(amount) >= spec.huge) {
    const [sign, text] = scientific(amount, spec);
    return wrap(sign, text.replace(".", style.decimal), style);
  }
  const cents = roundHalfUp(amount, style.digits, spec);
  const places = cents >= 0 && cents < spec.cents_below ? style.digits : 0;
  const [sign, text] = fixed(amount, places, spec);
  return wrap(sign, local(text, style), style);
}

function compact(value, spec) {  // value >= 999.995: K/M/B/T with one decimal at most
  if (value >= spec.huge) return scientific(value, spec)[1];
  const last = spec.compact_suffixes.length - 1;
  for (let i = 0; i <= last; i++) {
    const [exponent, suffix] = spec.compact_suffixes[i];
    const scaled = value / 10 ** exponent;
    if (roundHalfUp(scaled, 1, spec) < 1000 || i === last) return fixed(scaled, 1, spec, true)[1] + suffix;
  }
}

function moneyCompact(amount, spec) {
  if (!Number.isFinite(amount)) return "n/a";
  const style = spec.money, places = Math.min(2, style.digits);
  if (Math.abs(roundHalfUp(amount, places, spec)) < spec.compact_from) {
    const [sign, text] = fixed(amount, places, spec, true);
    return wrap(sign, local(text, style), style);
  }
  return wrap(amount < 0 ? "-" : "", local(compact(Math.abs(amount), spec), style), style);
}

function count(value, spec) {  // in the locale's separators and grouping (spec.number): 2.000 in de-DE
  if (!Number.isFinite(value)) return "n/a";
  if (Math.abs(value) >= spec.huge) {
    const [sign, text] = scientific(value, spec);
    return sign + text.replace(".", spec.number.decimal);
  }
  const [sign, text] = Math.abs(roundHalfUp(value, 1, spec)) >= spec.count_whole_from
    ? fixed(value, 0, spec) : fixed(value, 1, spec, true);
  return sign + local(text, spec.number);
}

function countCompact(value, spec) {
  if (!Number.isFinite(value) || Math.abs(roundHalfUp(value, 0, spec)) < spec.compact_from) return count(value, spec);
  return (value < 0 ? spec.minus : "") + local(compact(Math.abs(value), spec), spec.number);
}

function withPercentSign(sign, text, spec) {  // the locale's pattern: 10% (en-US), 10 % (de-DE)
  return sign + spec.number.percent_prefix + text + spec.number.percent_suffix;
}

function percent(rate, spec, digits = 1) {
  if (rate === null || rate === undefined) return "none";
  if (!Number.isFinite(rate)) return "n/a";
  const pct = rate * 100;
  const number = spec.number;
  if (Math.abs(pct) >= spec.huge) {
    const [sign, text] = scientific(pct, spec);
    return withPercentSign(sign, text.replace(".", number.decimal), spec);
  }
  const places = Math.abs(roundHalfUp(pct, digits, spec)) >= 1 ? digits : Math.max(digits, spec.percent_small_places);
  const [sign, text] = fixed(pct, places, spec, true);
  if (text === "0" && pct !== 0) {
    const smallest = withPercentSign("", "0" + number.decimal + "0".repeat(places - 1) + "1", spec);
    return pct < 0 ? ">" + spec.minus + smallest : "<" + smallest;
  }
  return withPercentSign(sign, local(text, number), spec);
}

const LIVE_FORMAT = { money, moneyCompact, count, countCompact, percent };
