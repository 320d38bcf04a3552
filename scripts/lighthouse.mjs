// `make lighthouse`: Lighthouse (mobile, the default) on five page types of a running Right Door,
// with Debian's chromium. Prints each page's scores and transfer size; not a test.
//
//   LIGHTHOUSE_URL=http://127.0.0.1:8000 node scripts/lighthouse.mjs
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const base = (process.env.LIGHTHOUSE_URL || "http://127.0.0.1:8000").replace(/\/$/, "");
const chromePath = process.env.CHROME_PATH || "/usr/bin/chromium";

async function firstLink(path, prefix) {
  const html = await (await fetch(base + path)).text();
  const match = html.match(new RegExp(`href="(${prefix}[a-z0-9-]+/)"`));
  if (!match) throw new Error(`no ${prefix} link on ${path}: is the demo directory loaded?`);
  return match[1];
}

const pages = {
  home: "/",
  results: "/search/?q=domestic+abuse&near=PR1+2HE",
  service: await firstLink("/services/", "/services/(?!theme/|district/|audience/)"),
  "A to Z": "/services/",
  organisation: await firstLink("/organisations/", "/organisations/"),
};

const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
const categories = ["performance", "accessibility", "best-practices", "seo"];
const rows = [];
try {
  for (const [name, path] of Object.entries(pages)) {
    const result = await lighthouse(base + path, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: categories,
    });
    const lhr = result.lhr;
    const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
    const audit = (id) => lhr.audits[id]?.numericValue ?? 0;
    rows.push({
      page: name,
      path,
      performance: score("performance"),
      accessibility: score("accessibility"),
      "best-practices": score("best-practices"),
      seo: score("seo"),
      "transfer KB": Math.round(audit("total-byte-weight") / 102.4) / 10,
      "LCP ms": Math.round(audit("largest-contentful-paint")),
    });
  }
} finally {
  await chrome.kill();
}
console.table(rows);
console.log(JSON.stringify(rows));
