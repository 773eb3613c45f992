/* Recherche de cantines sans serveur. Lit l'index que `cantine build` écrit
   sous recherche/index/ (formats : src/site/search/index.rs et mots.rs) :
   - <département>.json quand un département est choisi ;
   - sinon mots.json, puis mots/<clé>.json, la clé étant les trois premières
     lettres du mot cherché le plus rare (« assions » : mots/ass.json) ;
   - siren/<n>.json pour un SIRET ou un SIREN ;
   - <département>/<k>.json, 64 lignes, pour afficher un résultat trouvé hors
     d'un fichier de département ; drapeaux.json pour les filtres nationaux.
   Aucun cadriciel, aucune étape de construction. Les champs du formulaire
   sont repris de l'adresse (?q=…&departement=…) et y sont recopiés. */
(function () {
  'use strict';

  var form = document.getElementById('recherche');
  if (!form || !window.fetch || !window.URLSearchParams || !''.normalize) return;

  var MAX_AFFICHES = 50;   // résultats affichés au plus
  var MAX_FICHIERS = 20;   // morceaux chargés au plus pour un lot de résultats
  var MAX_MORCEAUX = 6;    // au-delà, pour un département, son fichier entier
  var SEAUX_SIREN = 97;    // comme SEAUX_SIREN dans index.rs
  var MORCEAU = 64;        // comme MORCEAU dans index.rs
  var CHAMPS = ['q', 'departement', 'categorie', 'objectif'];
  var NBSP = '\u00a0';

  var racine = form.getAttribute('data-racine') || '/';
  var base = form.getAttribute('data-index') || racine + 'recherche/index/';
  var version = form.getAttribute('data-version') || '';
  var statut = document.getElementById('recherche-statut');
  var zone = document.getElementById('recherche-resultats');
  var champs = {};
  CHAMPS.forEach(function (nom) { champs[nom] = form.elements[nom]; });
  var libellesDep = {};
  Array.prototype.forEach.call(champs.departement.options, function (o) {
    if (o.value) libellesDep[o.value] = o.getAttribute('data-nom') || o.textContent;
  });

  // Pliage : mêmes règles que src/site/search/plier.rs.
  var SPECIALES = { 'œ': 'oe', 'æ': 'ae', 'ß': 'ss', 'ø': 'o', 'đ': 'd', 'ð': 'd', 'ħ': 'h',
    'ı': 'i', 'ł': 'l', 'ŀ': 'l', 'ŧ': 't', 'þ': 'th' };
  function plier(texte) {
    return String(texte).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[œæßøđðħıłŀŧþ]/g, function (c) { return SPECIALES[c]; })
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(' ');
  }
  // Pour le test navigateur, qui compare ce pliage à celui de l'index.
  window.cantineRecherche = { plier: plier };

  // Fichiers de l'index, chargés une fois (un échec sera retenté).
  var cache = {};
  function charger(chemin) {
    if (!cache[chemin]) {
      cache[chemin] = fetch(base + chemin + '?v=' + encodeURIComponent(version))
        .then(function (r) {
          if (!r.ok) throw new Error(chemin + ' : ' + r.status);
          return r.json();
        });
      cache[chemin].catch(function () { delete cache[chemin]; });
    }
    return cache[chemin];
  }
  // Textes où chercher, entourés d'espaces : « mot » commence un mot si
  // le texte contient « ␣mot », est un mot entier s'il contient « ␣mot␣ ».
  function botte(plie) { return ' ' + plie + ' '; }
  function botteCommune(insee, nomPlie, postaux) { return botte(nomPlie + ' ' + insee.toLowerCase() + ' ' + postaux); }

  // Un département entier, prêt à chercher.
  function tranche(code) {
    return charger(code + '.json').then(function (t) {
      if (!t.bottes) {
        t.bottesCommunes = t.communes.map(function (c) { return botteCommune(c[0], plier(c[1]), c[2]); });
        t.bottes = t.cantines.map(function (l) { return botte(plier(l[1])); });
      }
      return t;
    });
  }
  // La ligne `rang` d'un département : dans le département s'il est déjà
  // chargé, sinon dans son morceau de 64 lignes.
  var entiers = {};
  function ligne(code, rang) {
    if (entiers[code]) return tranche(code).then(function (t) { return [t, rang]; });
    var k = Math.floor(rang / MORCEAU);
    return charger(code + '/' + k + '.json').then(function (t) { return [t, rang - t.debut]; });
  }
  function cleDe(mot) {
    var k = mot.slice(0, 3);
    return /^[a-z0-9]{3}$/.test(k) ? k : '_';
  }
  // Le fichier d'une clé, prêt à chercher : [{code, rang, nom, commune}].
  function fichierMot(cle) {
    return charger('mots/' + cle + '.json').then(function (f) {
      if (!f.lignes) {
        f.lignes = [];
        f.groupes.forEach(function (g) {
          var commune = g[1] ? botteCommune(g[1], g[2], g[3]) : ' ';
          g[4].forEach(function (l) {
            f.lignes.push({ code: g[0], rang: l[1], nom: botte(l[0]), commune: commune });
          });
        });
      }
      return f;
    });
  }
  // Secteurs et verdicts de toutes les cantines, par département.
  function drapeaux() {
    return charger('drapeaux.json').then(function (d) {
      if (!d.parCode) {
        d.parCode = {};
        d.departements.forEach(function (x) { d.parCode[x[0]] = x[1]; });
      }
      return d;
    });
  }

  // Note d'une cantine pour les mots cherchés : -1 si un mot ne commence
  // aucun mot de son nom, de sa commune ou de ses codes ; sinon, plus elle
  // est haute, mieux le nom correspond.
  function noter(mots, nom, commune) {
    var note = 0;
    for (var i = 0; i < mots.length; i++) {
      var m = ' ' + mots[i];
      if (nom.indexOf(m + ' ') >= 0) note += 3;
      else if (nom.indexOf(m) >= 0) note += 2;
      else if (commune.indexOf(m + ' ') >= 0) note += 1;
      else if (commune.indexOf(m) < 0) return -1;
    }
    return note;
  }

  var VERDICTS = { oui: true, non: false, inconnu: null };
  function verdictDrapeaux(d) { return [null, true, false][d >> 7]; }
  function garderLigne(etat, l) {
    if (etat.categorie && (' ' + l[3] + ' ').indexOf(' ' + etat.categorie + ' ') < 0) return false;
    return !etat.objectif || VERDICTS[etat.objectif] === l[5];
  }

  // Les cantines trouvées dans un département : [{code, rang, note}].
  function dansTranche(code, etat, requete) {
    return tranche(code).then(function (t) {
      entiers[code] = true;
      var res = [];
      t.cantines.forEach(function (l, i) {
        if (!garderLigne(etat, l)) return;
        var note = noter(requete.mots, t.bottes[i], l[2] >= 0 ? t.bottesCommunes[l[2]] : ' ');
        if (note >= 0) res.push({ code: code, rang: i, note: note });
      });
      return res;
    });
  }
  // Le filtre national des secteurs et verdicts (null : aucun filtre).
  function filtreNational(etat) {
    if (!etat.categorie && !etat.objectif) return Promise.resolve(null);
    return drapeaux().then(function (d) {
      var bit = d.categories.indexOf(etat.categorie);
      return function (code, rang) {
        var f = (d.parCode[code] || [])[rang] || 0;
        if (etat.categorie && (bit < 0 || !(f & (1 << bit)))) return false;
        return !etat.objectif || VERDICTS[etat.objectif] === verdictDrapeaux(f);
      };
    });
  }
  // Partout en France : dans le fichier du mot le plus rare de la requête.
  function dansNational(etat, requete) {
    var longs = requete.mots.filter(function (m) { return m.length >= 3; });
    if (!longs.length) {
      // Sans mot : les filtres seuls, sur toutes les cantines.
      return filtreNational(etat).then(function (garder) {
        if (!garder) return [];
        return drapeaux().then(function (d) {
          var res = [];
          d.departements.forEach(function (x) {
            x[1].forEach(function (f, i) { if (garder(x[0], i)) res.push({ code: x[0], rang: i, note: 0 }); });
          });
          return res;
        });
      });
    }
    return charger('mots.json').then(function (m) {
      var cles = longs.map(cleDe);
      var cle = cles.reduce(function (a, b) { return (m.cles[b] || 0) < (m.cles[a] || 0) ? b : a; });
      if (!m.cles[cle]) return [];
      return Promise.all([fichierMot(cle), filtreNational(etat)]).then(function (x) {
        var garder = x[1];
        var res = [];
        x[0].lignes.forEach(function (l) {
          if (garder && !garder(l.code, l.rang)) return;
          var note = noter(requete.mots, l.nom, l.commune);
          if (note >= 0) res.push({ code: l.code, rang: l.rang, note: note });
        });
        return res;
      });
    });
  }

  // Les cantines trouvées : [{code, rang, note}], dans l'ordre de l'index.
  function trouver(etat, requete) {
    if (requete.siret) {
      var n = Number(requete.siret.slice(0, 9)) % SEAUX_SIREN;
      return Promise.all([charger('siren/' + n + '.json'), filtreNational(etat)]).then(function (x) {
        var garder = x[1];
        return x[0].cantines.filter(function (r) {
          return r[0].indexOf(requete.siret) === 0 && (!etat.departement || r[1] === etat.departement)
            && (!garder || garder(r[1], r[2]));
        }).map(function (r) { return { code: r[1], rang: r[2], note: 0 }; });
      });
    }
    if (etat.departement) return dansTranche(etat.departement, etat, requete);
    return dansNational(etat, requete);
  }

  // Une requête trop courte pour l'index national (moins de 3 lettres par mot).
  function tropCourte(etat, requete) {
    return !requete.siret && !etat.departement && requete.mots.length > 0
      && requete.mots.every(function (m) { return m.length < 3; });
  }

  function analyser(q) {
    var chiffres = q.replace(/[\s.]/g, '');
    if (/^\d{9,14}$/.test(chiffres)) return { siret: chiffres, mots: [] };
    return { siret: null, mots: plier(q).split(' ').filter(Boolean) };
  }

  // Les cantines trouvées, les meilleures d'abord (à note égale, l'ordre
  // de l'index : département, commune, nom).
  function chercher(etat) {
    return trouver(etat, analyser(etat.q)).then(function (res) {
      return res.sort(function (a, b) { return b.note - a.note; });
    });
  }
  var TROP_COURT = 'Tapez au moins 3 lettres d’un mot du nom ou de la commune, ou choisissez un département.';

  // Le lot suivant à afficher, à partir de `debut` : au plus MAX_AFFICHES
  // cantines, dont les fichiers pas encore chargés sont au plus MAX_FICHIERS
  // (une recherche nationale ne télécharge pas toute la France).
  function fichierDe(r) {
    return entiers[r.code] ? r.code + '.json' : r.code + '/' + Math.floor(r.rang / MORCEAU) + '.json';
  }
  function lot(res, debut) {
    // Beaucoup de morceaux d'un même département : son fichier entier coûte moins.
    var morceaux = {};
    res.slice(debut, debut + MAX_AFFICHES).forEach(function (r) {
      var m = morceaux[r.code] = morceaux[r.code] || {};
      m[Math.floor(r.rang / MORCEAU)] = true;
    });
    Object.keys(morceaux).forEach(function (code) {
      if (Object.keys(morceaux[code]).length >= MAX_MORCEAUX) entiers[code] = true;
    });
    var nouveaux = [];
    var fin = debut;
    while (fin < res.length && fin - debut < MAX_AFFICHES) {
      var f = fichierDe(res[fin]);
      if (!cache[f] && nouveaux.indexOf(f) < 0) {
        if (nouveaux.length >= MAX_FICHIERS) break;
        nouveaux.push(f);
      }
      fin++;
    }
    return Promise.all(res.slice(debut, fin).map(function (r) {
      return ligne(r.code, r.rang).then(function (tr) {
        var t = tr[0];
        var l = t.cantines[tr[1]];
        return { code: r.code, l: l, commune: l[2] >= 0 ? t.communes[l[2]] : null };
      });
    }));
  }

  function nombre(n) { return n.toLocaleString('fr-FR'); }
  function pourcent(p) {
    if (p === null || p === undefined) return 'non renseigné';
    p = Number(p);
    if (p > 0 && p < 0.5) return '<' + NBSP + '1' + NBSP + '%';
    return Math.round(p) + NBSP + '%';
  }
  function element(nom, classe, texte) {
    var e = document.createElement(nom);
    if (classe) e.className = classe;
    if (texte) e.textContent = texte;
    return e;
  }

  function ligneResultat(x) {
    var l = x.l;
    var li = element('li', 'resultat');
    var a = element('a', null, l[1]);
    a.href = racine + 'cantines/' + l[0] + '/';
    var titre = element('p', 'resultat__nom');
    titre.appendChild(a);
    li.appendChild(titre);
    // Le code postal seulement s'il est unique (Paris en a 21).
    var c = x.commune;
    var lieu = c ? c[1] + (/^\d{5}$/.test(c[2]) ? ' (' + c[2] + ')' : '') : 'Commune non renseignée';
    var dep = libellesDep[x.code] || 'département non renseigné';
    li.appendChild(element('p', 'resultat__lieu', lieu + ', ' + dep + (x.code in libellesDep && x.code !== 'inconnu' ? ' (' + x.code + ')' : '')));
    var chiffres = element('p', 'resultat__chiffres');
    if (l[4] === null) {
      chiffres.textContent = 'Aucun bilan publié';
    } else {
      chiffres.textContent = 'Bilan ' + l[4] + ' : bio ' + pourcent(l[6]) + ', EGalim ' + pourcent(l[7]) + '. ';
      var v = l[5] === true ? ['atteint', 'Objectifs atteints'] : l[5] === false
        ? ['non-atteint', 'Objectifs non atteints'] : ['inconnu', 'Objectifs non évalués'];
      chiffres.appendChild(element('span', 'objectif objectif--' + v[0], v[1]));
    }
    li.appendChild(chiffres);
    return li;
  }

  // La recherche affichée : ses résultats, combien sont affichés, la liste.
  var courante = null;

  function annoncer() {
    var n = courante.res.length;
    var shown = courante.affiches;
    var texte;
    if (n === 0) {
      texte = 'Aucune cantine trouvée. Vérifiez l’orthographe, tapez le début des mots ou retirez un filtre.';
    } else if (shown < n) {
      texte = nombre(n) + ' cantines trouvées ; les ' + nombre(shown) + ' premières sont affichées.';
      if (n > MAX_AFFICHES) texte += ' Affinez la recherche (nom, commune, département) pour réduire la liste.';
    } else {
      texte = n === 1 ? '1 cantine trouvée.' : nombre(n) + ' cantines trouvées.';
    }
    statut.textContent = texte;
    courante.plus.hidden = shown >= n;
  }

  function afficherLot(lignes) {
    var premier = null;
    lignes.forEach(function (x) {
      var li = ligneResultat(x);
      courante.liste.appendChild(li);
      if (!premier) premier = li.querySelector('a');
    });
    courante.affiches += lignes.length;
    annoncer();
    return premier;
  }

  function afficher(res) {
    zone.textContent = '';
    var liste = element('ul', 'resultats');
    var plus = element('button', 'recherche__plus', 'Afficher plus de résultats');
    plus.type = 'button';
    plus.hidden = true;
    courante = { res: res, affiches: 0, liste: liste, plus: plus };
    var ici = courante;
    plus.addEventListener('click', function () {
      plus.disabled = true;
      lot(ici.res, ici.affiches).then(function (lignes) {
        if (ici !== courante) return;
        plus.disabled = false;
        var premier = afficherLot(lignes);
        // Le focus va au premier résultat ajouté, là où la lecture reprend.
        if (premier) premier.focus();
      }, erreur);
    });
    return lot(res, 0).then(function (lignes) {
      if (ici !== courante) return;
      if (res.length) zone.appendChild(liste);
      zone.appendChild(plus);
      afficherLot(lignes);
    });
  }

  function erreur() {
    zone.textContent = '';
    statut.textContent = 'L’index de recherche n’a pas pu être chargé. Vérifiez la connexion et réessayez, '
      + 'ou parcourez les cantines par territoire.';
  }

  function etatFormulaire() {
    var etat = {};
    CHAMPS.forEach(function (nom) { etat[nom] = champs[nom].value.trim(); });
    return etat;
  }
  function vide(etat) {
    return !etat.departement && !etat.categorie && !etat.objectif && !plier(etat.q);
  }
  function synchroniserAdresse(etat) {
    var p = new URLSearchParams();
    CHAMPS.forEach(function (nom) { if (etat[nom]) p.set(nom, etat[nom]); });
    var s = p.toString();
    history.replaceState(null, '', s ? '?' + s : location.pathname);
  }

  var numero = 0;
  function lancer() {
    var etat = etatFormulaire();
    var mien = ++numero;
    courante = null; // un « plus » de la recherche précédente n'ajoute plus rien
    synchroniserAdresse(etat);
    if (vide(etat) || tropCourte(etat, analyser(etat.q))) {
      zone.textContent = '';
      statut.textContent = vide(etat) ? '' : TROP_COURT;
      zone.removeAttribute('aria-busy');
      return;
    }
    zone.setAttribute('aria-busy', 'true');
    var attente = setTimeout(function () {
      if (mien === numero) statut.textContent = 'Chargement de l’index de recherche…';
    }, 400);
    chercher(etat).then(function (res) {
      if (mien === numero) return afficher(res);
    }).catch(function () {
      if (mien === numero) erreur();
    }).then(function () {
      clearTimeout(attente);
      if (mien === numero) zone.removeAttribute('aria-busy');
    });
  }

  var delai = null;
  champs.q.addEventListener('input', function () {
    clearTimeout(delai);
    delai = setTimeout(lancer, 250);
  });
  ['departement', 'categorie', 'objectif'].forEach(function (nom) {
    champs[nom].addEventListener('change', lancer);
  });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    clearTimeout(delai);
    lancer();
  });

  // Reprise de l'adresse : une recherche partagée se rejoue à l'ouverture.
  var params = new URLSearchParams(location.search);
  CHAMPS.forEach(function (nom) {
    var v = params.get(nom);
    if (v === null) return;
    var c = champs[nom];
    if (c.tagName === 'SELECT' && !Array.prototype.some.call(c.options, function (o) { return o.value === v; })) return;
    c.value = v;
  });
  form.hidden = false;
  if (!vide(etatFormulaire())) lancer();
})();
