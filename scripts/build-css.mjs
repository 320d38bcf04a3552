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

// GOV.UK's typography mixin repeats three things in every rule that sets a font (~60 of them):
// font smoothing (inherited, so _rd-layout.scss sets it once on the body) and a print-only
// "sans-serif" (Right Door's font is already the system's own, on paper too). Drop the repeats.
const css = purged.css
  .replace(/@media print\{[^{}]+\{font-family:sans-serif\}\}/g, "")
  .replace(/;?-webkit-font-smoothing:antialiased;-moz-osx-font-smoothing:grayscale(?=[;}])/g, "")
  .replace(/\{;/g, "{")
  .replace(
    /(\.govuk-template__body\{[^}]*)\}/,
    "$1;-webkit-font-smoothing:antialiased;-moz-osx-font-smoothing:grayscale}"
  );

// static/css/ holds only this built file, so a fresh clone has no such folder yet.
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, css);
console.log(`${target}: ${css.length} bytes (${compiled.css.length} before unused rules were dropped)`);
