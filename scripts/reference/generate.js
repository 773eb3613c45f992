// Helper of scripts/reference/generate.sh (read its header first).
// Usage: node generate.js DATA_DIR OUT_DIR VERSION MILLESIME
// Reads regions.json, departements.json and communes.json of
// @etalab/decoupage-administratif and writes regions.tsv, departements.tsv
// and communes.tsv (whose last column, the postal codes, may be empty). Deterministic: explicit sorts, "\n" line ends, UTF-8.
'use strict';
const fs = require('fs');
const path = require('path');

const [dataDir, outDir, version, millesime] = process.argv.slice(2);
if (!dataDir || !outDir || !version || !millesime) {
  console.error('usage: node generate.js DATA_DIR OUT_DIR VERSION MILLESIME');
  process.exit(2);
}
const read = (name) => JSON.parse(fs.readFileSync(path.join(dataDir, name), 'utf8'));
const fail = (msg) => { console.error(`generate.js: ${msg}`); process.exit(1); };
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const COMS = ['975', '977', '978', '984', '986', '987', '988', '989'];

// One field of a TSV row: no tab, no newline, no surrounding blanks.
function field(value, what) {
  const s = String(value);
  if (s === '' || /[\t\r\n]/.test(s) || s.trim() !== s) fail(`bad ${what}: ${JSON.stringify(value)}`);
  return s;
}
function header(columns) {
  return `# ${columns.join('\t')}\t(millésime ${millesime}; Licence Ouverte, @etalab/decoupage-administratif ${version})\n`;
}
function write(name, columns, rows) {
  const body = rows.map((r) => r.join('\t') + '\n').join('');
  fs.writeFileSync(path.join(outDir, name), header(columns) + body);
  console.log(`${name}: ${rows.length} rows`);
}
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

// --- régions -------------------------------------------------------------
const regionsJson = read('regions.json');
const deptsJson = read('departements.json');
const regions = new Map();
for (const r of regionsJson) {
  const code = field(r.code, 'region code');
  if (regions.has(code)) fail(`duplicate region ${code}`);
  regions.set(code, field(r.nom, `nom of region ${code}`));
}
// A COM is its own région: add it from departements.json if regions.json lacks it.
for (const d of deptsJson) {
  if (COMS.includes(d.code) && !regions.has(d.code)) regions.set(d.code, field(d.nom, `nom of ${d.code}`));
}
const regionRows = [...regions.entries()].sort((a, b) => cmp(a[0], b[0]));

// --- départements --------------------------------------------------------
const depts = new Map();
for (const d of deptsJson) {
  const code = field(d.code, 'departement code');
  if (!/^(\d{2}|2[AB]|\d{3})$/.test(code)) fail(`odd departement code ${code}`);
  if (depts.has(code)) fail(`duplicate departement ${code}`);
  // A COM's région is itself, whatever the package says (or omits).
  const region = COMS.includes(code) ? code : field(d.region, `region of ${code}`);
  if (!regions.has(region)) fail(`departement ${code}: unknown region ${region}`);
  const tncc = Number(d.typeLiaison);
  if (!Number.isInteger(tncc) || tncc < 0 || tncc > 8) fail(`departement ${code}: bad typeLiaison ${d.typeLiaison}`);
  depts.set(code, [code, field(d.nom, `nom of ${code}`), region, String(tncc)]);
}
const deptRows = [...depts.values()].sort((a, b) => cmpDept(a[0], b[0]));

// --- communes ------------------------------------------------------------
// Postal codes (La Poste, carried by the package in `codesPostaux`) of the
// communes actuelles and arrondissements municipaux. A commune déléguée or
// associée has none of its own: it takes those of its chef-lieu, an old code
// those of the commune it merged into. Sorted, unique, space-separated.
const postaux = new Map();
for (const c of read('communes.json')) {
  if (c.type !== 'commune-actuelle' && c.type !== 'arrondissement-municipal') continue;
  const list = [...new Set((c.codesPostaux || []).map((p) => field(p, `code postal of ${c.code}`)))].sort(cmp);
  for (const p of list) if (!/^\d{5}$/.test(p)) fail(`odd code postal ${p} of ${c.code}`);
  // An arrondissement shares no code with a commune actuelle; the commune actuelle wins otherwise.
  if (!postaux.has(c.code) || c.type === 'commune-actuelle') postaux.set(c.code, list.join(' '));
}
const TYPES = ['commune-actuelle', 'arrondissement-municipal', 'commune-deleguee', 'commune-associee'];
const communesJson = read('communes.json');
const communes = new Map(); // code -> {nom, departement, type}
for (const c of communesJson) {
  if (!TYPES.includes(c.type)) continue;
  const code = field(c.code, 'commune code');
  if (!/^(\d{5}|2[AB]\d{3})$/.test(code)) fail(`odd commune code ${code}`);
  const dept = field(c.departement, `departement of ${code}`);
  if (!depts.has(dept)) fail(`commune ${code}: unknown departement ${dept}`);
  const cps = c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal'
    ? postaux.get(code) : postaux.get(c.chefLieu);
  const row = { nom: field(c.nom, `nom of ${code}`), departement: dept, type: c.type, codesPostaux: cps || '' };
  const prev = communes.get(code);
  // Keep the first occurrence, except that a commune actuelle wins.
  if (!prev || (prev.type !== 'commune-actuelle' && c.type === 'commune-actuelle')) communes.set(code, row);
}
// Aliases: old codes of merged communes, pointing to the current commune.
const aliases = new Map();
for (const c of communesJson) {
  if (c.type !== 'commune-actuelle' || !Array.isArray(c.anciensCodes)) continue;
  for (const old of c.anciensCodes) {
    const code = field(old, `ancien code of ${c.code}`);
    if (!/^\d{5}$/.test(code)) fail(`odd ancien code ${code}`);
    if (communes.has(code)) continue;
    const prev = aliases.get(code);
    // An old code claimed by two communes: keep the smallest current code.
    if (!prev || cmp(c.code, prev.current) < 0) {
      aliases.set(code, {
        nom: field(c.nom, `nom of ${c.code}`), departement: c.departement, current: c.code,
        codesPostaux: postaux.get(c.code) || '',
      });
    }
  }
}
for (const [code, a] of aliases) communes.set(code, a);
const communeRows = [...communes.entries()]
  .sort((a, b) => cmp(a[0], b[0]))
  .map(([code, c]) => [code, c.nom, c.departement, c.codesPostaux]);

// Sanity: every COM is a région and a département of itself.
for (const code of COMS) {
  if (depts.has(code) && depts.get(code)[2] !== code) fail(`COM ${code} is not its own region`);
}

write('regions.tsv', ['code', 'nom'], regionRows);
write('departements.tsv', ['code', 'nom', 'region', 'type_liaison'], deptRows);
write('communes.tsv', ['code', 'nom', 'departement', 'codes_postaux'], communeRows);
console.log(`(${aliases.size} alias rows from anciensCodes)`);
