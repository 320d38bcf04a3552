// Builds static/css/main.css: Sass (compressed), then PurgeCSS keeps only the rules whose classes
// appear in the templates, the scripts or the few Python modules that write HTML.
//
//   node scripts/build-css.mjs [target]   (run by `make assets`; target defaults to static/css/main.css)
//
// tests/test_stylesheet.py checks the result: every govuk- class a template uses has a rule, the
// file stays under its size budget, and the merge step never reorders rules that could meet.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { compile } from "sass";
import { PurgeCSS } from "purgecss";
import postcss from "postcss";
import cssnano from "cssnano";
import cssMerge, { readMarkup } from "./css-merge.mjs";
import cssTidy from "./css-tidy.mjs";

const source = "static/scss/main.scss";
const target = process.argv[2] || "static/css/main.css";

const compiled = compile(source, {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  sourceMap: false,
});

// Where class names are written: templates, the site's scripts, and the apps that write HTML.
const templates = "templates";
const scripts = "static/js";
const apps = ["directory", "guidance", "home", "search", "openreferral"];

const [purged] = await new PurgeCSS().purge({
  content: [`${templates}/**/*.html`, `${scripts}/*.js`, ...apps.map((app) => `${app}/**/*.py`)],
  css: [{ raw: compiled.css }],
  // Class names with "!" (GOV.UK's override classes) and ":" count as words too.
  defaultExtractor: (content) => content.match(/[A-Za-z0-9_!:-]+/g) || [],
  // Keyframes and custom properties are kept only if used.
  keyframes: true,
  variables: false,
});

// Then PostCSS: scripts/css-tidy.mjs drops what only unsupported browsers read and the font
// declarations GOV.UK's typography mixin repeats in every rule; cssnano minifies (shorter values,
// merged adjacent rules, duplicates removed); scripts/css-merge.mjs merges the copies cssnano
// cannot (not adjacent), reading from the markup which classes can share an element; cssnano
// tidies what the merge left. GOV.UK Frontend's script adds classes too, so it counts as markup.
// cssnano's advanced preset also drops vendor prefixes the browsers in package.json's
// "browserslist" (browserslist's defaults) no longer need. It would renumber z-index and rename
// keyframes too; Right Door's z-index values are chosen against GOV.UK's, so those two stay off.
const minify = () =>
  cssnano({
    preset: ["advanced", { autoprefixer: { add: false }, zindex: false, reduceIdents: false }],
  });
const { css } = await postcss([
  cssTidy({ inheritedFrom: ".govuk-template__body" }),
  minify(),
  cssMerge(
    readMarkup({
      markup: [templates, ...apps],
      scripts: [scripts, "node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js"],
    })
  ),
  minify(),
]).process(purged.css, { from: undefined });

// static/css/ holds only this built file, so a fresh clone has no such folder yet.
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, css);
console.log(
  `${target}: ${Buffer.byteLength(css)} bytes (${compiled.css.length} compiled, ${purged.css.length} after unused rules were dropped)`
);
