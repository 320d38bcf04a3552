// A PostCSS plugin for scripts/build-css.mjs: merges what GOV.UK Frontend writes many times over
// (the same focus style in ten rules, a `@media (min-width: 40.0625em)` block after nearly every
// rule), which cssnano leaves alone unless the copies are next to each other.
//
// Moving a rule changes the cascade only against the rules it jumps over, so a copy is merged
// into an earlier one only when no rule in between sets any property of the same family (margin
// and margin-bottom, font and line-height, ...). That is deliberately cautious: it never asks
// whether two selectors could match the same element.

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

const known = new WeakMap();

function families(node) {
  if (!known.has(node)) {
    const found = new Set();
    if (node.type === "decl") found.add(family(node.prop));
    else if (node.walkDecls) node.walkDecls((decl) => found.add(family(decl.prop)));
    known.set(node, found);
  }
  return known.get(node);
}

const clash = (a, b) => a.has("*") || b.has("*") || [...a].some((f) => b.has(f));

// A browser drops a whole rule when one selector in its list is one it does not know, so a
// selector only some browsers know stays in a rule of its own.
const RISKY_SELECTOR = /:-|::-|:focus-visible|:has\(|:is\(|:where\(|::marker|::backdrop|:user-|::placeholder|:popover|:modal|:open/;

const declarations = (rule) =>
  rule.nodes.map((node) => (node.type === "decl" ? `${node.prop}:${node.value}${node.important ? "!" : ""}` : "?")).join(";");

// Whether `node` can move up to sit with `target`: nothing between them sets a property it does.
function canJump(target, node) {
  const own = families(node);
  for (let between = target.next(); between && between !== node; between = between.next()) {
    if (clash(own, families(between))) return false;
  }
  return true;
}

function mergeMedia(container) {
  for (const node of [...container.nodes]) {
    if (node.type !== "atrule" || node.name !== "media") continue;
    let earlier = node.prev();
    while (earlier && !(earlier.type === "atrule" && earlier.name === "media" && earlier.params === node.params)) {
      earlier = earlier.prev();
    }
    if (earlier && canJump(earlier, node)) {
      earlier.append(node.nodes);
      node.remove();
      known.delete(earlier);
    }
  }
}

function mergeRules(container) {
  for (const node of [...container.nodes]) {
    if (node.type === "atrule" && node.nodes) mergeRules(node);
    if (node.type !== "rule" || !node.parent) continue;
    const body = declarations(node);
    const risky = RISKY_SELECTOR.test(node.selector);
    for (let earlier = node.prev(); earlier; earlier = earlier.prev()) {
      if (earlier.type !== "rule") continue;
      const sameSelector = earlier.selector === node.selector;
      const sameBody = !risky && !RISKY_SELECTOR.test(earlier.selector) && declarations(earlier) === body;
      if (!sameSelector && !sameBody) continue;
      // Anything further back would have to jump over the same rules.
      if (!canJump(earlier, node)) break;
      if (sameSelector) earlier.append(node.nodes);
      else earlier.selectors = [...earlier.selectors, ...node.selectors.filter((s) => !earlier.selectors.includes(s))];
      node.remove();
      known.delete(earlier);
      break;
    }
  }
}

export default function cssMerge() {
  return {
    postcssPlugin: "rd-css-merge",
    Once(root) {
      mergeMedia(root);
      mergeRules(root);
    },
  };
}
cssMerge.postcss = true;
