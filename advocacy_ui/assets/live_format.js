// Numbers for humans in the browser, exactly as advocacy_calc/formatting.py prints them, following
// the spec it sends (formatting.format_spec). No Intl: it does not agree with Python for every
// locale nor for ties. Python's format rounds the exact binary value, an exact tie to even.

function exactParts(x) {  // |x| = m · 2^e exactly (m a BigInt)
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const bits = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (bits === 0) return [m, -1074];
  return [m | (1n << 52n), bits - 1075];
}

function fixedDigits(x, places) {  // Python's f"{abs(x):.{places}f}" as a digit string, no sign
  const [m, e] = exactParts(x);
  const scaled = m * 10n ** BigInt(places);
  let units;
  if (e >= 0) {
    units = scaled << BigInt(e);
  } else {
    const d = 1n << BigInt(-e);
    units = scaled / d;
    const twice = (scaled % d) * 2n;
    if (twice > d || (twice === d && units % 2n === 1n)) units += 1n;  // half to even
  }
  let text = units.toString().padStart(places + 1, "0");
  return places ? text.slice(0, -places) + "." + text.slice(-places) : text;
}

function fixed(x, places, spec) {  // f"{x:,.{places}f}"
  const sign = (x < 0 || Object.is(x, -0)) ? spec.minus : "";
  const [whole, frac] = fixedDigits(x, places).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, spec.thousands);
  return sign + grouped + (frac === undefined ? "" : spec.decimal + frac);
}

function trimZeros(text, spec) {  // .rstrip("0").rstrip(".")
  return text.replace(/0+$/, "").replace(new RegExp("\\" + spec.decimal + "$"), "");
}

function pyRound2(x) {  // round(x, 2) as Python gives it (correctly rounded)
  return parseFloat(fixedDigits(x, 2)) * (x < 0 ? -1 : 1);
}

function money(amount, spec) {
  if (!Number.isFinite(amount)) return "n/a";
  const sign = amount < 0 ? spec.minus : "";
  const value = Math.abs(amount);
  const cents = pyRound2(value);
  if (cents >= spec.cents_below || Number.isInteger(cents)) return sign + spec.symbol + fixed(value, 0, spec);
  return sign + spec.symbol + fixed(value, 2, spec);
}

function compact(value, spec) {
  for (const [size, suffix] of spec.compact_suffixes) {
    if (Math.abs(value) >= size * spec.compact_round) return trimZeros(fixed(value / size, 1, spec), spec) + suffix;
  }
  return fixed(value, 0, spec);
}

function moneyCompact(amount, spec) {
  if (!Number.isFinite(amount) || Math.abs(amount) < spec.compact_from) return money(amount, spec);
  return (amount < 0 ? spec.minus : "") + spec.symbol + compact(Math.abs(amount), spec);
}

function count(value, spec) {
  if (!Number.isFinite(value)) return "n/a";
  if (Math.abs(value - Math.round(value)) < spec.count_whole_tolerance || Math.abs(value) >= spec.count_whole_from) {
    return fixed(value, 0, spec);
  }
  return trimZeros(fixed(value, 1, spec), spec);
}

function countCompact(value, spec) {
  return Number.isFinite(value) && Math.abs(value) >= spec.compact_from ? compact(value, spec) : count(value, spec);
}

function percent(rate, spec, digits = 1) {
  if (rate === null || rate === undefined) return "none";
  if (!Number.isFinite(rate)) return "n/a";
  const pct = rate * 100;
  const places = (Math.abs(pct) >= 1 || pct === 0) ? digits : Math.max(digits, spec.percent_small_places);
  const text = fixed(pct, places, spec);
  return (places ? trimZeros(text, spec) : text) + "%";
}

const LIVE_FORMAT = { money, moneyCompact, count, countCompact, percent };
