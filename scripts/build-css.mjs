// Builds static/css/main.css: Sass (compressed), then PurgeCSS keeps only the rules whose classes
// appear in the templates, the scripts or the few Python modules that write HTML.
//
//   node scripts/build-css.mjs   (run by `make assets`)
//
// tests/test_stylesheet.py checks the result: every govuk- class a template uses has a rule, and
// the file stays under its size budget.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { compile } from "sass";
import { PurgeCSS } from "purgecss";
import postcss from "postcss";
import cssnano from "cssnano";
import cssMerge from "./css-merge.mjs";
import cssTidy from "./css-tidy.mjs";

const source = "static/scss/main.scss";
const target = "static/css/main.css";

const compiled = compile(source, {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  sourceMap: false,
});

const [purged] = await new PurgeCSS().purge({
  content: [
    "templates/**/*.html",
    "static/js/*.js",
    "directory/**/*.py",
    "guidance/**/*.py",
    "home/**/*.py",
    "search/**/*.py",
    "openreferral/**/*.py",
  ],
  css: [{ raw: compiled.css }],
  // Class names with "!" (GOV.UK's override classes) and ":" count as words too.
  defaultExtractor: (content) => content.match(/[A-Za-z0-9_!:-]+/g) || [],
  // Keyframes and custom properties are kept only if used.
  keyframes: true,
  variables: false,
});

// Then PostCSS: scripts/css-tidy.mjs drops what only unsupported browsers read and the font
// declarations GOV.UK's typography mixin repeats in every rule, and cssnano minifies (shorter
// values, merged adjacent rules, duplicates removed).
const { css } = await postcss([
  cssTidy({ inheritedFrom: ".govuk-template__body" }),
  cssnano({ preset: "default" }),
  cssMerge(),
  cssnano({ preset: "default" }),
]).process(purged.css, { from: undefined });

// static/css/ holds only this built file, so a fresh clone has no such folder yet.
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, css);
console.log(
  `${target}: ${Buffer.byteLength(css)} bytes (${compiled.css.length} compiled, ${purged.css.length} after unused rules were dropped)`
);
