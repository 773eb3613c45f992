// Tests de la recherche dans un vrai navigateur : le Chromium de Debian
// (/usr/bin/chromium), piloté par playwright-core, sur un site déjà construit
// servi en local. Lancés par run.sh, qui donne BASE_URL.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { chromium } = require('playwright-core');
const AXE = require.resolve('axe-core/axe.min.js');

const BASE = process.env.BASE_URL || 'http://127.0.0.1:8000/';
const EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--no-first-run'];

// Une cantine réelle du jeu de données (declarations/07/21070017500016.yaml).
const NOM = 'Cantine des Assions';
const SIRET = '21070017500016';
const LIEN = `#recherche-resultats a[href$="/cantines/${SIRET}/"]`;

let browser;
let erreurs = [];

before(async () => {
  browser = await chromium.launch({ executablePath: EXECUTABLE, args: ARGS, headless: true });
});
after(async () => {
  if (browser) await browser.close();
});

// Une page neuve ; les erreurs JavaScript et les requêtes échouées sont relevées.
async function page(options = {}) {
  const context = await browser.newContext(options);
  const p = await context.newPage();
  p.setDefaultTimeout(15000);
  p.on('pageerror', (e) => erreurs.push(`${p.url()} : ${e.message}`));
  p.on('console', (m) => { if (m.type() === 'error') erreurs.push(`${p.url()} : ${m.text()}`); });
  p.on('response', (r) => { if (r.status() >= 400) erreurs.push(`${r.url()} : HTTP ${r.status()}`); });
  return p;
}
function sansErreur() {
  const e = erreurs;
  erreurs = [];
  assert.deepEqual(e, []);
}
const statut = (p) => p.locator('#recherche-statut');
const resultats = (p) => p.locator('#recherche-resultats li');

test('taper le nom d’une cantine puis suivre le résultat mène à sa page', async () => {
  const p = await page();
  await p.goto(`${BASE}recherche/`);
  const champ = p.getByLabel('Nom, commune, code postal ou SIRET');
  await champ.click();
  await champ.pressSequentially(NOM, { delay: 20 });
  await p.locator(LIEN).waitFor();
  assert.match(await statut(p).textContent(), /cantines? trouvées?/);
  // L'adresse suit la recherche, pour la partager.
  assert.equal(new URL(p.url()).searchParams.get('q'), NOM);
  await Promise.all([p.waitForURL(`**/cantines/${SIRET}/`), p.locator(LIEN).click()]);
  assert.equal((await p.locator('h1').textContent()).trim(), NOM);
  await p.context().close();
  sansErreur();
});

test('un SIRET dans l’adresse, avec ou sans espaces, trouve la cantine', async () => {
  const p = await page();
  for (const q of [SIRET, '210 700 175 00016']) {
    await p.goto(`${BASE}recherche/?q=${encodeURIComponent(q)}`);
    await p.locator(LIEN).waitFor();
    assert.equal(await statut(p).textContent(), '1 cantine trouvée.');
    assert.equal(await p.locator('#recherche-q').inputValue(), q);
  }
  // Un SIREN seul donne tous les établissements de la commune des Assions.
  await p.goto(`${BASE}recherche/?q=210700175`);
  await p.locator(LIEN).waitFor();
  await p.context().close();
  sansErreur();
});

test('accents, majuscules et débuts de mots sont indifférents', async () => {
  const p = await page();
  const compte = async (q) => {
    await p.goto(`${BASE}recherche/?q=${encodeURIComponent(q)}&departement=07`);
    await p.locator('#recherche-statut:not(:empty)').waitFor();
    return statut(p).textContent();
  };
  const reference = await compte('école');
  assert.match(reference, /trouvées/);
  assert.equal(await compte('ECOLE'), reference);
  assert.equal(await compte('Ecole'), reference);
  // Chaque mot doit commencer un mot du nom ou de la commune.
  await compte('cant assio');
  await p.locator(LIEN).waitFor();
  await compte('assions zzz');
  assert.match(await statut(p).textContent(), /^Aucune cantine/);
  // Partout en France, il faut trois lettres d'un mot (un fichier par clé de 3 lettres).
  await p.goto(`${BASE}recherche/?q=as`);
  await p.locator('#recherche-statut', { hasText: 'au moins 3 lettres' }).waitFor();
  await p.goto(`${BASE}recherche/?q=assio%20d`);
  await p.locator(LIEN).waitFor();
  await p.context().close();
  sansErreur();
});

test('le code postal ou le code INSEE de la commune trouve ses cantines', async () => {
  const p = await page();
  for (const q of ['07140', '07017']) {
    await p.goto(`${BASE}recherche/?q=${q}`);
    await p.locator(LIEN).waitFor();
  }
  await p.context().close();
  sansErreur();
});

test('filtres par département, secteur et objectifs, repris et recopiés dans l’adresse', async () => {
  const p = await page();
  await p.goto(`${BASE}recherche/?q=assions&departement=07`);
  await p.locator(LIEN).waitFor();
  assert.equal(await p.locator('#recherche-departement').inputValue(), '07');
  for (const lieu of await p.locator(".resultat__lieu").allTextContents()) assert.match(lieu, /, Ardèche \(07\)$/);
  // Un autre département : la cantine n'y est pas, et l'adresse suit.
  await p.selectOption('#recherche-departement', '01');
  await p.locator('#recherche-statut', { hasText: 'Aucune cantine' }).waitFor();
  assert.equal(new URL(p.url()).searchParams.get('departement'), '01');
  // Les cantines de l'Ardèche qui manquent les objectifs, pour un journaliste.
  await p.goto(`${BASE}recherche/?departement=07&objectif=non`);
  await p.locator('#recherche-resultats li').first().waitFor();
  const verdicts = await p.locator('.resultat .objectif').allTextContents();
  assert.ok(verdicts.length > 0);
  for (const v of verdicts) assert.equal(v, 'Objectifs non atteints');
  // Filtres sans département : l'index national et ses drapeaux.
  await p.goto(`${BASE}recherche/?q=assions&categorie=education`);
  await p.locator(LIEN).waitFor();
  await p.goto(`${BASE}recherche/?q=assions&categorie=health`);
  await p.locator('#recherche-statut', { hasText: 'Aucune cantine' }).waitFor();
  await p.context().close();
  sansErreur();
});

test('les résultats sont plafonnés, avec le total et le nombre affiché annoncés', async () => {
  const p = await page();
  // Toutes les cantines du Nord : les 50 premières.
  await p.goto(`${BASE}recherche/?departement=59`);
  await p.locator('#recherche-statut', { hasText: 'premières sont affichées' }).waitFor();
  assert.equal(await resultats(p).count(), 50);
  assert.match(await statut(p).textContent(), /^\d[\d\s]* cantines trouvées ; les 50 premières/);
  // Partout : au plus 50, pris dans au plus 8 départements (8 fichiers à charger).
  await p.goto(`${BASE}recherche/?q=ecole`);
  await p.locator('#recherche-statut', { hasText: 'premières sont affichées' }).waitFor();
  const annonce = Number((await statut(p).textContent()).match(/les (\d+) premières/)[1]);
  assert.ok(annonce > 0 && annonce <= 50);
  assert.equal(await resultats(p).count(), annonce);
  assert.equal(await statut(p).getAttribute('aria-live'), 'polite');
  // « Afficher plus » ajoute la suite et y place le focus.
  await p.getByRole('button', { name: 'Afficher plus de résultats' }).click();
  await p.waitForFunction((n) => document.querySelectorAll('#recherche-resultats li').length > n, annonce);
  const apres = await resultats(p).count();
  assert.match(await statut(p).textContent(), new RegExp(`les ${apres} premières`));
  const focus = await p.evaluate(() => document.activeElement.getAttribute('href'));
  const attendu = await resultats(p).nth(annonce).locator('a').getAttribute('href');
  assert.equal(focus, attendu);
  await p.context().close();
  sansErreur();
});

test('au clavier : Entrée lance la recherche sans recharger, Tab atteint les résultats', async () => {
  const p = await page();
  await p.goto(`${BASE}recherche/`);
  await p.locator('#recherche-q').focus();
  await p.keyboard.type('assions');
  await p.keyboard.press('Enter');
  await p.locator(LIEN).waitFor();
  assert.equal(await p.evaluate(() => document.activeElement.id), 'recherche-q');
  // Champ, 3 listes, bouton, puis le premier résultat.
  for (let i = 0; i < 5; i++) await p.keyboard.press('Tab');
  const focus = await p.evaluate(() => document.activeElement.closest('#recherche-resultats') !== null);
  assert.ok(focus, 'le 6e arrêt de tabulation est le premier résultat');
  await p.context().close();
  sansErreur();
});

test('à 320 px de large, rien ne déborde', async () => {
  const p = await page({ viewport: { width: 320, height: 640 } });
  await p.goto(`${BASE}recherche/?q=assions`);
  await p.locator(LIEN).waitFor();
  const largeur = await p.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(largeur <= 320, `largeur ${largeur}`);
  await p.context().close();
  sansErreur();
});

test('sans JavaScript, la page explique et renvoie au parcours par territoire', async () => {
  const p = await page({ javaScriptEnabled: false });
  await p.goto(`${BASE}recherche/?q=assions`);
  assert.equal(await p.locator('#recherche').isVisible(), false);
  const lien = p.locator('main a[href$="/regions/"]').first();
  assert.ok(await lien.isVisible());
  // Le parcours mène à la cantine : région, département, commune.
  await p.goto(`${BASE}regions/84/`);
  await p.locator('a[href$="/departements/07/"]').first().click();
  await p.locator('a[href$="/communes/07017/"]').first().click();
  await p.locator(`a[href$="/cantines/${SIRET}/"]`).first().click();
  assert.equal((await p.locator('h1').textContent()).trim(), NOM);
  await p.context().close();
  sansErreur();
});

// axe-core (WCAG 2.1 A et AA) sur la page dans l'état donné, résultats affichés compris.
async function axe(p) {
  await p.addScriptTag({ path: AXE });
  const violations = await p.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map((v) => `${v.id} : ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  assert.deepEqual(violations, []);
}

test('axe ne relève aucune violation WCAG 2.1 AA, au téléphone comme au bureau', async () => {
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
    const p = await page({ viewport });
    await p.goto(`${BASE}recherche/?q=ecole`);
    await p.locator('#recherche-resultats li').first().waitFor();
    await axe(p);
    await p.goto(`${BASE}recherche/?q=zzzz`);
    await p.locator('#recherche-statut', { hasText: 'Aucune cantine' }).waitFor();
    await axe(p);
    await p.context().close();
  }
  sansErreur();
});

test('le pliage du navigateur et celui de l’index national concordent pour chaque nom', async () => {
  const p = await page();
  await p.goto(`${BASE}recherche/`);
  const ecarts = await p.evaluate(async () => {
    const form = document.getElementById('recherche');
    const base = form.getAttribute('data-index');
    const plier = window.cantineRecherche.plier;
    const get = async (chemin) => (await fetch(base + chemin)).json();
    const codes = [...document.querySelectorAll('#recherche-departement option')].map((o) => o.value).filter(Boolean);
    const fichiers = new Map();
    const out = [];
    let n = 0;
    for (const code of codes) {
      const t = await get(`${code}.json`);
      for (const [rang, l] of t.cantines.entries()) {
        n += 1;
        const nom = plier(l[1]);
        const com = l[2] >= 0 ? t.communes[l[2]] : null;
        const mots = nom.split(' ').concat(com ? [plier(com[1]), com[0].toLowerCase(), com[2]].join(' ').split(' ') : []);
        const cles = new Set(mots.filter((m) => m.length >= 3).map((m) => (/^[a-z0-9]{3}$/.test(m.slice(0, 3)) ? m.slice(0, 3) : '_')));
        for (const cle of cles) {
          if (!fichiers.has(cle)) fichiers.set(cle, await get(`mots/${cle}.json`));
          const trouve = fichiers.get(cle).groupes.some((g) => g[0] === code && g[4].some((x) => x[1] === rang && x[0] === nom));
          if (!trouve) out.push(`${l[0]} « ${l[1]} » (${nom}) absent de mots/${cle}.json`);
        }
      }
    }
    return { n, fichiers: fichiers.size, out: out.slice(0, 20) };
  });
  assert.ok(ecarts.n > 0 && ecarts.fichiers > 0);
  assert.deepEqual(ecarts.out, []);
  await p.context().close();
  sansErreur();
});
