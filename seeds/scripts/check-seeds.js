#!/usr/bin/env node
/*
 * check-seeds.js: validates the seed data under seeds/ (taxonomy + collection).
 *
 * Plain Node.js, no dependencies. Run from anywhere:
 *   node seeds/scripts/check-seeds.js
 * Exits 0 when every check passes; otherwise prints every problem found
 * (file, entry, field) and exits 1.
 *
 * It mirrors the rules the app enforces on load (titles 3..300 chars, non-empty
 * summaries, absolute http(s) URLs, ISO 639-1 language codes, SDGs 1..17,
 * known theme / target-group / country / region references, periodEnd >=
 * periodStart, endYear >= startYear, years 1900..2100) and adds seed-level
 * checks: unique slugs, required fields, minimum counts, every M49 region
 * represented among local governments and action plans, and a good practice's
 * action plan belonging to the same local government.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const SEEDS = path.resolve(__dirname, '..');
const errors = [];
const fail = (file, where, msg) => errors.push(`${file}${where ? ` [${where}]` : ''}: ${msg}`);

function load(rel) {
  const file = path.join(SEEDS, rel);
  let data;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    fail(rel, '', `cannot read or parse: ${err.message}`);
    return [];
  }
  if (!Array.isArray(data)) {
    fail(rel, '', 'top level must be an array');
    return [];
  }
  return data;
}

const MIN = { localGovernments: 22, actionPlans: 20, goodPractices: 12, tools: 12 };
const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LANG_RE = /^[a-z]{2}$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LG_KINDS = ['CITY', 'MUNICIPALITY', 'DISTRICT', 'REGION', 'OTHER'];
const PLAN_KINDS = ['HUMAN_RIGHTS', 'EQUALITY', 'ANTI_RACISM', 'GENDER_EQUALITY', 'CHILD_RIGHTS', 'DISABILITY_INCLUSION', 'SOCIAL_INCLUSION', 'OTHER'];
const LIFECYCLES = ['IN_PREPARATION', 'ADOPTED', 'IN_IMPLEMENTATION', 'EVALUATED', 'EXPIRED'];
const TOOL_KINDS = ['TOOLKIT', 'GUIDE', 'INDICATOR_SET', 'TRAINING_MATERIAL', 'PUBLICATION', 'CHARTER', 'OUTCOME_DOCUMENT'];

const isNonEmptyString = (v) => typeof v === 'string' && v.trim().length > 0;
const isYear = (v) => Number.isInteger(v) && v >= 1900 && v <= 2100;

function isHttpUrl(v) {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

function isValidDate(v) {
  const m = typeof v === 'string' && DATE_RE.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d && isYear(y);
}

function checkSlugs(file, items, key = 'slug') {
  const seen = new Set();
  items.forEach((it, i) => {
    const s = it && it[key];
    if (!isNonEmptyString(s) || !SLUG_RE.test(s)) fail(file, `#${i}`, `${key} "${s}" must be lowercase a-z0-9 and hyphens`);
    else if (s.length > 120) fail(file, s, `${key} longer than 120 characters`);
    else if (seen.has(s)) fail(file, s, `duplicate ${key}`);
    seen.add(s);
  });
  return seen;
}

function checkRequired(file, it, where, fields) {
  for (const f of fields) {
    if (it[f] === undefined || it[f] === null || it[f] === '') fail(file, where, `missing required field "${f}"`);
  }
}

function checkTitle(file, where, title) {
  if (typeof title !== 'string' || title.trim().length < 3 || title.length > 300) fail(file, where, 'title must be 3..300 characters');
}

function checkSummary(file, where, summary) {
  if (!isNonEmptyString(summary)) fail(file, where, 'summary must be non-empty');
}

function checkLanguages(file, where, langs, required) {
  if (langs === undefined && !required) return;
  if (!Array.isArray(langs) || langs.length === 0) return fail(file, where, 'languages must be a non-empty array');
  langs.forEach((l) => { if (!LANG_RE.test(l)) fail(file, where, `language "${l}" is not a 2-letter lowercase ISO 639-1 code`); });
  if (new Set(langs).size !== langs.length) fail(file, where, 'languages contain duplicates');
}

function checkTags(file, where, it, themeSlugs, groupSlugs, sdgNumbers) {
  if (!Array.isArray(it.themes) || it.themes.length === 0) fail(file, where, 'themes must list at least one theme slug');
  else it.themes.forEach((t) => { if (!themeSlugs.has(t)) fail(file, where, `unknown theme "${t}"`); });
  if (!Array.isArray(it.sdgs) || it.sdgs.length === 0) fail(file, where, 'sdgs must list at least one SDG');
  else it.sdgs.forEach((n) => { if (!Number.isInteger(n) || n < 1 || n > 17 || !sdgNumbers.has(n)) fail(file, where, `invalid SDG ${JSON.stringify(n)}`); });
  if (!Array.isArray(it.targetGroups)) fail(file, where, 'targetGroups must be an array (may be empty)');
  else it.targetGroups.forEach((g) => { if (!groupSlugs.has(g)) fail(file, where, `unknown target group "${g}"`); });
  for (const k of ['themes', 'sdgs', 'targetGroups']) {
    if (Array.isArray(it[k]) && new Set(it[k]).size !== it[k].length) fail(file, where, `${k} contain duplicates`);
  }
}

// ---------- taxonomy ----------
const themes = load('taxonomy/themes.json');
const groups = load('taxonomy/target-groups.json');
const sdgs = load('taxonomy/sdgs.json');
const regions = load('taxonomy/regions.json');
const countries = load('taxonomy/countries.json');

const themeSlugs = checkSlugs('taxonomy/themes.json', themes);
themes.forEach((t) => { if (t.parent && !themeSlugs.has(t.parent)) fail('taxonomy/themes.json', t.slug, `unknown parent "${t.parent}"`); });
const groupSlugs = checkSlugs('taxonomy/target-groups.json', groups);
const sdgNumbers = new Set(sdgs.map((s) => s.number));
for (let n = 1; n <= 17; n++) if (!sdgNumbers.has(n)) fail('taxonomy/sdgs.json', '', `SDG ${n} missing`);

const regionByCode = new Map();
regions.forEach((r, i) => {
  const where = r.code || `#${i}`;
  if (typeof r.code !== 'string' || !/^\d{3}$/.test(r.code)) fail('taxonomy/regions.json', where, 'code must be a 3-digit string');
  if (regionByCode.has(r.code)) fail('taxonomy/regions.json', where, 'duplicate code');
  if (!isNonEmptyString(r.name)) fail('taxonomy/regions.json', where, 'name missing');
  regionByCode.set(r.code, r);
});
const topRegions = regions.filter((r) => r.parent === null).map((r) => r.code);
regions.forEach((r) => {
  if (r.parent !== null) {
    const p = regionByCode.get(r.parent);
    if (!p || p.parent !== null) fail('taxonomy/regions.json', r.code, `parent "${r.parent}" is not a top-level region`);
  }
});
for (const code of ['002', '019', '142', '150', '009']) if (!topRegions.includes(code)) fail('taxonomy/regions.json', '', `region ${code} missing`);

const countryByCode = new Map();
countries.forEach((c, i) => {
  const where = c.code || `#${i}`;
  if (typeof c.code !== 'string' || !/^[A-Z]{2}$/.test(c.code)) fail('taxonomy/countries.json', where, 'code must be ISO 3166-1 alpha-2 (two capitals)');
  if (countryByCode.has(c.code)) fail('taxonomy/countries.json', where, 'duplicate code');
  if (!isNonEmptyString(c.name)) fail('taxonomy/countries.json', where, 'name missing');
  const reg = regionByCode.get(c.region);
  const sub = regionByCode.get(c.subregion);
  if (!reg || reg.parent !== null) fail('taxonomy/countries.json', where, `region "${c.region}" unknown`);
  if (!sub || sub.parent !== c.region) fail('taxonomy/countries.json', where, `subregion "${c.subregion}" unknown or not in region ${c.region}`);
  if (i > 0 && countries[i - 1].code >= c.code) fail('taxonomy/countries.json', where, 'not sorted by code');
  countryByCode.set(c.code, c);
});
if (countryByCode.has('AQ')) fail('taxonomy/countries.json', 'AQ', 'Antarctica has no M49 region and must be left out');

// ---------- collection ----------
const LG_FILE = 'collection/local-governments.json';
const AP_FILE = 'collection/action-plans.json';
const GP_FILE = 'collection/good-practices.json';
const TOOL_FILE = 'collection/tools.json';
const lgs = load(LG_FILE);
const plans = load(AP_FILE);
const practices = load(GP_FILE);
const tools = load(TOOL_FILE);

const lgBySlug = new Map();
checkSlugs(LG_FILE, lgs);
lgs.forEach((lg, i) => {
  const where = lg.slug || `#${i}`;
  lgBySlug.set(lg.slug, lg);
  checkRequired(LG_FILE, lg, where, ['slug', 'name', 'kind', 'country']);
  if (lg.name !== undefined && (!isNonEmptyString(lg.name) || lg.name.length > 200)) fail(LG_FILE, where, 'name must be 1..200 characters');
  if (!LG_KINDS.includes(lg.kind)) fail(LG_FILE, where, `kind "${lg.kind}" not one of ${LG_KINDS.join('|')}`);
  if (!countryByCode.has(lg.country)) fail(LG_FILE, where, `country "${lg.country}" not in countries.json`);
  if (lg.population !== undefined && !(Number.isInteger(lg.population) && lg.population > 0)) fail(LG_FILE, where, 'population must be a positive integer');
  if (lg.latitude !== undefined && !(typeof lg.latitude === 'number' && lg.latitude >= -90 && lg.latitude <= 90)) fail(LG_FILE, where, 'latitude out of range');
  if (lg.longitude !== undefined && !(typeof lg.longitude === 'number' && lg.longitude >= -180 && lg.longitude <= 180)) fail(LG_FILE, where, 'longitude out of range');
  if ((lg.latitude === undefined) !== (lg.longitude === undefined)) fail(LG_FILE, where, 'latitude and longitude go together');
  if (lg.website !== undefined && !isHttpUrl(lg.website)) fail(LG_FILE, where, 'website must be an absolute http(s) URL');
  if (lg.humanRightsCitySince !== undefined && !isYear(lg.humanRightsCitySince)) fail(LG_FILE, where, 'humanRightsCitySince must be a year 1900..2100');
});
const regionOfLg = (slug) => {
  const lg = lgBySlug.get(slug);
  const c = lg && countryByCode.get(lg.country);
  return c ? c.region : undefined;
};
const lgRegions = new Set(lgs.map((lg) => regionOfLg(lg.slug)).filter(Boolean));
for (const code of topRegions) {
  if (!lgRegions.has(code)) fail(LG_FILE, '', `no local government in region ${code} (${regionByCode.get(code).name})`);
}

const planBySlug = new Map();
checkSlugs(AP_FILE, plans);
plans.forEach((p, i) => {
  const where = p.slug || `#${i}`;
  planBySlug.set(p.slug, p);
  checkRequired(AP_FILE, p, where, ['slug', 'title', 'summary', 'localGovernment', 'kind', 'lifecycle', 'languages', 'sourceUrl']);
  checkTitle(AP_FILE, where, p.title);
  if (p.originalTitle !== undefined) checkTitle(AP_FILE, `${where}.originalTitle`, p.originalTitle);
  checkSummary(AP_FILE, where, p.summary);
  if (!lgBySlug.has(p.localGovernment)) fail(AP_FILE, where, `localGovernment "${p.localGovernment}" not in local-governments.json`);
  if (!PLAN_KINDS.includes(p.kind)) fail(AP_FILE, where, `kind "${p.kind}" not one of ${PLAN_KINDS.join('|')}`);
  if (!LIFECYCLES.includes(p.lifecycle)) fail(AP_FILE, where, `lifecycle "${p.lifecycle}" not one of ${LIFECYCLES.join('|')}`);
  if (p.adoptionDate !== undefined && !isValidDate(p.adoptionDate)) fail(AP_FILE, where, `adoptionDate "${p.adoptionDate}" is not a valid YYYY-MM-DD date`);
  if (p.adoptionDate === undefined && p.periodStart === undefined) fail(AP_FILE, where, 'needs adoptionDate or periodStart');
  if (p.periodStart !== undefined && !isYear(p.periodStart)) fail(AP_FILE, where, 'periodStart must be a year 1900..2100');
  if (p.periodEnd !== undefined && !isYear(p.periodEnd)) fail(AP_FILE, where, 'periodEnd must be a year 1900..2100');
  if (p.periodEnd !== undefined && p.periodStart === undefined) fail(AP_FILE, where, 'periodEnd given without periodStart');
  if (isYear(p.periodStart) && isYear(p.periodEnd) && p.periodEnd < p.periodStart) fail(AP_FILE, where, 'periodEnd < periodStart');
  for (const f of ['adoptingBody', 'participation', 'monitoring']) {
    if (p[f] !== undefined && !isNonEmptyString(p[f])) fail(AP_FILE, where, `${f} must be non-empty when present`);
  }
  checkLanguages(AP_FILE, where, p.languages, true);
  if (!isHttpUrl(p.sourceUrl)) fail(AP_FILE, where, 'sourceUrl must be an absolute http(s) URL');
  checkTags(AP_FILE, where, p, themeSlugs, groupSlugs, sdgNumbers);
});
const planRegions = new Set(plans.map((p) => regionOfLg(p.localGovernment)).filter(Boolean));
for (const code of topRegions) {
  if (!planRegions.has(code)) fail(AP_FILE, '', `no action plan in region ${code} (${regionByCode.get(code).name})`);
}
const europeSdg16 = plans.filter((p) => regionOfLg(p.localGovernment) === '150' && Array.isArray(p.sdgs) && p.sdgs.includes(16));
if (europeSdg16.length < 3) fail(AP_FILE, '', `only ${europeSdg16.length} plans in Europe tagged SDG 16 (need at least 3 for the demo query)`);

checkSlugs(GP_FILE, practices);
practices.forEach((g, i) => {
  const where = g.slug || `#${i}`;
  checkRequired(GP_FILE, g, where, ['slug', 'title', 'summary', 'localGovernment', 'startYear', 'sourceUrl']);
  checkTitle(GP_FILE, where, g.title);
  checkSummary(GP_FILE, where, g.summary);
  if (!lgBySlug.has(g.localGovernment)) fail(GP_FILE, where, `localGovernment "${g.localGovernment}" not in local-governments.json`);
  if (!isYear(g.startYear)) fail(GP_FILE, where, 'startYear must be a year 1900..2100');
  if (g.endYear !== undefined && !isYear(g.endYear)) fail(GP_FILE, where, 'endYear must be a year 1900..2100');
  if (isYear(g.startYear) && isYear(g.endYear) && g.endYear < g.startYear) fail(GP_FILE, where, 'endYear < startYear');
  for (const f of ['description', 'outcomes', 'lessonsLearned']) {
    if (g[f] !== undefined && !isNonEmptyString(g[f])) fail(GP_FILE, where, `${f} must be non-empty when present`);
  }
  if (g.actionPlan !== undefined) {
    const plan = planBySlug.get(g.actionPlan);
    if (!plan) fail(GP_FILE, where, `actionPlan "${g.actionPlan}" not in action-plans.json`);
    else if (plan.localGovernment !== g.localGovernment) fail(GP_FILE, where, `actionPlan "${g.actionPlan}" belongs to ${plan.localGovernment}, not ${g.localGovernment}`);
  }
  if (!isHttpUrl(g.sourceUrl)) fail(GP_FILE, where, 'sourceUrl must be an absolute http(s) URL');
  checkTags(GP_FILE, where, g, themeSlugs, groupSlugs, sdgNumbers);
});
const mentionsParticipation = practices.filter((g) => /participation/i.test([g.title, g.summary, g.description, g.outcomes, g.lessonsLearned].filter(Boolean).join(' ')));
if (mentionsParticipation.length < 2) fail(GP_FILE, '', `only ${mentionsParticipation.length} good practices mention "participation" in their text (need at least 2)`);

checkSlugs(TOOL_FILE, tools);
tools.forEach((t, i) => {
  const where = t.slug || `#${i}`;
  checkRequired(TOOL_FILE, t, where, ['slug', 'title', 'kind', 'publisher', 'year', 'languages', 'summary', 'url']);
  checkTitle(TOOL_FILE, where, t.title);
  checkSummary(TOOL_FILE, where, t.summary);
  if (!TOOL_KINDS.includes(t.kind)) fail(TOOL_FILE, where, `kind "${t.kind}" not one of ${TOOL_KINDS.join('|')}`);
  if (t.publisher !== undefined && !isNonEmptyString(t.publisher)) fail(TOOL_FILE, where, 'publisher must be non-empty');
  if (!isYear(t.year)) fail(TOOL_FILE, where, 'year must be a year 1900..2100');
  checkLanguages(TOOL_FILE, where, t.languages, true);
  if (!isHttpUrl(t.url)) fail(TOOL_FILE, where, 'url must be an absolute http(s) URL');
  checkTags(TOOL_FILE, where, t, themeSlugs, groupSlugs, sdgNumbers);
});

const counts = { localGovernments: lgs.length, actionPlans: plans.length, goodPractices: practices.length, tools: tools.length };
for (const [k, min] of Object.entries(MIN)) {
  if (counts[k] < min) fail('collection', k, `has ${counts[k]} entries, needs at least ${min}`);
}

// ---------- report ----------
const summaryLine = `regions ${regions.length}, countries ${countries.length}, themes ${themes.length}, target groups ${groups.length}, SDGs ${sdgs.length}; ` +
  `local governments ${counts.localGovernments}, action plans ${counts.actionPlans}, good practices ${counts.goodPractices}, tools ${counts.tools}`;
if (errors.length > 0) {
  console.error(`Seed check FAILED with ${errors.length} problem(s):`);
  for (const e of errors) console.error(`  - ${e}`);
  console.error(summaryLine);
  process.exit(1);
}
console.log(`Seed check passed: ${summaryLine}`);
