// Copies the front-end libraries from node_modules into the Django static folder, and bundles trimmed
// ECharts builds with esbuild: echarts-entry.mjs (the charts and components the pages use) and
// echarts-bar-entry.mjs (the overview's bar chart alone).
// Nothing third-party is committed: this runs after `npm ci` (see Makefile).
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const dist = join(here, "..", "src", "hallkeeper", "static", "dist");

const files = [
  ["bootstrap/dist/css/bootstrap.min.css", "bootstrap.min.css"],
  ["bootstrap/dist/css/bootstrap.min.css.map", "bootstrap.min.css.map"],
  ["bootstrap/dist/js/bootstrap.bundle.min.js", "bootstrap.bundle.min.js"],
  ["bootstrap/dist/js/bootstrap.bundle.min.js.map", "bootstrap.bundle.min.js.map"],
  ["bootstrap-icons/font/bootstrap-icons.min.css", "bootstrap-icons.min.css"],
  ["bootstrap-icons/font/fonts", "fonts"],
  ["htmx.org/dist/htmx.min.js", "htmx.min.js"],
];

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
for (const [from, to] of files) {
  cpSync(join(modules, from), join(dist, to), { recursive: true });
}
const bundles = [
  ["echarts-entry.mjs", "echarts.min.js"],
  ["echarts-bar-entry.mjs", "echarts-bar.min.js"],
];
for (const [entry, out] of bundles) {
  await build({
    entryPoints: [join(here, entry)],
    outfile: join(dist, out),
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2017"],
    legalComments: "none",
    logLevel: "warning",
  });
}
console.log(`front-end libraries copied to ${dist}`);
