// A PostCSS plugin for scripts/build-css.mjs: merges what GOV.UK Frontend writes many times over
// (the same focus style in ten rules, a `@media (min-width: 40.0625em)` block after nearly every
// rule), which cssnano leaves alone unless the copies are next to each other.
//
// Merging moves a rule up past the rules between it and its copy. That changes the cascade only
// if one of those rules sets a property of the same family (margin and margin-bottom, font and
// line-height, ...) on an element the moved rule also matches. Whether two selectors can match one
// element is read from the site's own markup (`markup`): two rules whose subjects carry different
// classes can only meet on an element whose class attribute holds both. A class that appears
// anywhere else (in a script, in Python, in a template variable) could end up on any element, so
// it is taken to meet every class; so is a subject without a class.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

// Properties that set others: a property's family is its first word, except these.
const FAMILY = {
  "line-height": "font",
  top: "inset",
  right: "inset",
  bottom: "inset",
  left: "inset",
  "inline-size": "width",
  "min-inline-size": "min-width",
  "max-inline-size": "max-width",
  "block-size": "height",
  "min-block-size": "min-height",
  "max-block-size": "max-height",
  "white-space": "text",
  "word-wrap": "overflow",
  "word-break": "overflow",
  "row-gap": "gap",
  "column-gap": "gap",
  justify: "align",
  place: "align",
};

function family(prop) {
  if (prop.startsWith("--")) return prop;
  const name = prop.replace(/^-(webkit|moz|ms|o)-/, "");
  if (name === "all") return "*";
  return FAMILY[name] || FAMILY[name.split("-")[0]] || name.split("-")[0];
}

// ---- Which classes can share an element, from the markup ----

const WORD = /[A-Za-z0-9_!:-]+/g; // PurgeCSS's extractor in build-css.mjs
const CLASS_ATTRIBUTE = /\bclass="([^"]*)"|["']class["']\s*:\s*"([^"]*)"/g; // HTML, and widget attrs in Python

function filesUnder(path, extensions) {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { recursive: true })
    .map((name) => join(path, name))
    .filter((file) => extensions.some((ext) => file.endsWith(ext)) && !file.includes("migrations"));
}

/** Reads the markup: `{ together: Map<class, Set<class>>, anywhere: Set<class> }`. */
export function readMarkup({ markup, scripts }) {
  const together = new Map();
  const anywhere = new Set();
  for (const file of markup.flatMap((path) => filesUnder(path, [".html", ".py"]))) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(CLASS_ATTRIBUTE)) {
      const words = (match[1] ?? match[2]).match(WORD) || [];
      for (const word of words) {
        if (!together.has(word)) together.set(word, new Set());
        words.forEach((other) => together.get(word).add(other));
      }
    }
    // Class names written anywhere else may be put into an attribute at run time.
    (text.replace(CLASS_ATTRIBUTE, " ").match(WORD) || []).forEach((word) => anywhere.add(word));
  }
  for (const file of scripts.flatMap((path) => filesUnder(path, [".js"]))) {
    (readFileSync(file, "utf8").match(WORD) || []).forEach((word) => anywhere.add(word));
  }
  return { together, anywhere };
}

// The last compound selector (the element the rule styles): its classes and pseudo-element.
function subject(selector) {
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === "\\") i++;
    else if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (depth === 0 && (c === " " || c === ">" || c === "+" || c === "~")) start = i + 1;
  }
  let compound = selector.slice(start);
  // Arguments of :not(), :is(), attribute tests: they narrow the element, never name it.
  let previous;
  do {
    previous = compound;
    compound = compound.replace(/\([^()]*\)|\[[^[\]]*\]/g, "");
  } while (compound !== previous);
  const classes = [...compound.matchAll(/\.((?:\\.|[\w-])+)/g)].map((m) => m[1].replace(/\\(.)/g, "$1"));
  const pseudo = (compound.match(/::?(before|after|marker|placeholder|backdrop|selection|first-line|first-letter|-[\w-]+)/) || [])[1] || "";
  return { classes, pseudo };
}

function mayMeet(a, b, markup) {
  if (a.pseudo !== b.pseudo) return false;
  if (!a.classes.length || !b.classes.length) return true;
  if ([...a.classes, ...b.classes].some((name) => markup.anywhere.has(name))) return true;
  return a.classes.some((x) => b.classes.some((y) => x === y || markup.together.get(x)?.has(y)));
}

// ---- Merging ----

const known = new WeakMap();

function styleRules(node) {
  if (!known.has(node)) {
    const rules = [];
    const visit = (rule) => {
      if (rule.parent?.type === "atrule" && rule.parent.name.endsWith("keyframes")) return;
      const families = new Set();
      rule.each((decl) => decl.type === "decl" && families.add(family(decl.prop)));
      rules.push({ families, subjects: rule.selectors.map(subject) });
    };
    if (node.type === "rule") visit(node);
    else if (node.walkRules) node.walkRules(visit);
    known.set(node, rules);
  }
  return known.get(node);
}

function clash(one, other, markup) {
  for (const a of styleRules(one)) {
    for (const b of styleRules(other)) {
      const sameFamily = a.families.has("*") || b.families.has("*") || [...a.families].some((f) => b.families.has(f));
      if (sameFamily && a.subjects.some((x) => b.subjects.some((y) => mayMeet(x, y, markup)))) return true;
    }
  }
  return false;
}

// A browser drops a whole rule when one selector in its list is one it does not know, so a
// selector only some browsers know stays in a rule of its own.
const RISKY_SELECTOR = /:-|::-|:focus-visible|:has\(|:is\(|:where\(|::marker|::backdrop|:user-|::placeholder|:popover|:modal|:open/;

const declarations = (rule) =>
  rule.nodes.map((node) => (node.type === "decl" ? `${node.prop}:${node.value}${node.important ? "!" : ""}` : "?")).join(";");

// Whether two rules (or blocks) can be merged where `later` is (`earlier` moves down past the
// rules between them) or where `earlier` is (`later` moves up): nothing they jump over could be
// overridden by them, or override them, differently than before.
function between(earlier, later) {
  const nodes = [];
  for (let node = earlier.next(); node && node !== later; node = node.next()) nodes.push(node);
  return nodes;
}
const canMoveUp = (earlier, later, markup) => between(earlier, later).every((node) => !clash(later, node, markup));
const canMoveDown = (earlier, later, markup) => between(earlier, later).every((node) => !clash(earlier, node, markup));

function mergeMedia(container, markup) {
  for (const node of [...container.nodes]) {
    if (node.type !== "atrule" || node.name !== "media") continue;
    let earlier = node.prev();
    while (earlier && !(earlier.type === "atrule" && earlier.name === "media" && earlier.params === node.params)) {
      earlier = earlier.prev();
    }
    if (!earlier) continue;
    if (canMoveUp(earlier, node, markup)) {
      earlier.append(node.nodes);
      node.remove();
      known.delete(earlier);
    } else if (canMoveDown(earlier, node, markup)) {
      node.prepend(earlier.nodes);
      earlier.remove();
      known.delete(node);
    }
  }
}

function mergeRules(container, markup) {
  for (const node of [...container.nodes]) {
    if (node.type === "atrule" && node.nodes) mergeRules(node, markup);
    if (node.type !== "rule" || !node.parent) continue;
    const body = declarations(node);
    const risky = RISKY_SELECTOR.test(node.selector);
    for (let earlier = node.prev(); earlier; earlier = earlier.prev()) {
      if (earlier.type !== "rule") continue;
      const sameSelector = earlier.selector === node.selector;
      const sameBody = !risky && !RISKY_SELECTOR.test(earlier.selector) && declarations(earlier) === body;
      if (!sameSelector && !sameBody) continue;
      // Into the earlier rule, or the earlier one into this; if neither can move this far,
      // anything further back cannot either.
      const [keep, drop] = canMoveUp(earlier, node, markup)
        ? [earlier, node]
        : canMoveDown(earlier, node, markup)
          ? [node, earlier]
          : [];
      if (!keep) break;
      if (sameSelector) {
        if (keep === earlier) earlier.append(node.nodes);
        else node.prepend(earlier.nodes);
      } else {
        keep.selectors = [...new Set([...earlier.selectors, ...node.selectors])];
      }
      drop.remove();
      known.delete(keep);
      break;
    }
  }
}

export default function cssMerge(markup) {
  return {
    postcssPlugin: "rd-css-merge",
    Once(root) {
      mergeMedia(root, markup);
      mergeRules(root, markup);
    },
  };
}
cssMerge.postcss = true;
