// A PostCSS plugin for scripts/build-css.mjs: removes what GOV.UK Frontend writes for browsers
// Right Door does not support (Internet Explorer, Edge before Chromium, Firefox before 2019) and
// what it repeats in every rule, without changing what a supported browser shows.
//
// What is dropped holds for every browser since 2020 (custom properties, max(), position: sticky,
// unprefixed text-decoration-skip-ink), except the text-wrap: balance focus fallback: browsers
// without it (Safari before 17.5, Firefox before 121) still show the focus colours, only not box
// edges repeated on each line of a wrapped link. docs/front-end.md lists what each step saves.

// @supports blocks that every supported browser passes: keep the rules, drop the test.
const ALWAYS_SUPPORTED = [
  "not (-ms-ime-align: auto)", // excludes Edge 18
  "(margin: max(calc(0px)))",
  "(padding: max(calc(0px)))",
  "(border-width: max(0px))",
  "(position: -webkit-sticky) or (position: sticky)",
];
// @supports blocks that no supported browser passes: drop them with their rules.
const NEVER_SUPPORTED = [
  "not (caret-color: auto)", // Firefox before 53 and Internet Explorer
  "not (text-wrap: balance)", // a focus fallback for browsers before text-wrap: balance
];
// Declarations only older browsers read.
const LEGACY_PROPERTIES = new Set([
  "-webkit-text-decoration-skip-ink", // Safari reads the unprefixed one since 15.4
  "-webkit-text-decoration-skip", // superseded by text-decoration-skip-ink
  "text-decoration-skip",
]);

const normalise = (params) => params.replace(/\s+/g, "");

export default function cssTidy({ inheritedFrom }) {
  return {
    postcssPlugin: "rd-css-tidy",
    Once(root) {
      // 1. Custom properties are declared on :root, so a var()'s fallback is never used.
      const declared = new Set();
      root.walkDecls(/^--/, (decl) => declared.add(decl.prop));
      const fallback = /var\((--[\w-]+),\s*(?:[^()]|\([^()]*\))*?\)/g;
      root.walkDecls((decl) => {
        decl.value = decl.value.replace(fallback, (whole, name) => (declared.has(name) ? `var(${name})` : whole));
      });

      // 2. GOV.UK's typography mixin sets the font family and font smoothing in every rule that
      //    sets a font (~60). Both are inherited: they are set once, on the body (inheritedFrom,
      //    see _rd-layout.scss, which also makes form controls inherit the family).
      const fontRule = (decl) =>
        decl.parent.type === "rule" && decl.parent.selector === inheritedFrom && decl.parent.parent.type === "root";
      const family = [];
      root.walkDecls("font-family", (decl) => {
        if (fontRule(decl)) family.push(decl.value);
      });
      root.walkDecls(/^(font-family|-webkit-font-smoothing|-moz-osx-font-smoothing)$/, (decl) => {
        const repeat = decl.prop !== "font-family" || family.includes(decl.value);
        if (repeat && !fontRule(decl)) decl.remove();
      });

      // 3. Browser tests GOV.UK writes for old browsers.
      root.walkAtRules("supports", (rule) => {
        const params = normalise(rule.params);
        if (ALWAYS_SUPPORTED.some((p) => normalise(p) === params)) rule.replaceWith(rule.nodes);
        else if (NEVER_SUPPORTED.some((p) => normalise(p) === params)) rule.remove();
      });
      root.walkAtRules("media", (rule) => {
        // "screen\0" and "(min-width: 0\0)" are hacks only Internet Explorer 8 to 10 match; Sass
        // writes the \0 as U+FFFD, which no other browser matches either.
        if (rule.params.includes("\ufffd")) rule.remove();
        // Internet Explorer's and old Edge's high-contrast mode; forced-colors covers the rest.
        else rule.params = rule.params.replace(/\s*,\s*\(-ms-high-contrast:\s*active\)/g, "");
      });
      root.walkDecls((decl) => {
        if (LEGACY_PROPERTIES.has(decl.prop)) decl.remove();
      });
      // Selector hacks aimed at old Firefox.
      root.walkRules((rule) => {
        if (rule.selectors.some((s) => s.includes(":-moz-any-link"))) rule.remove();
      });

      // 4. Whatever is left empty.
      let empty;
      do {
        empty = [];
        root.walk((node) => {
          if (node.nodes && node.nodes.length === 0) empty.push(node);
        });
        empty.forEach((node) => node.remove());
      } while (empty.length);
    },
  };
}
cssTidy.postcss = true;
