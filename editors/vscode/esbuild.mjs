// Bundles the extension (src/extension.ts → dist/extension.js); with
// --tests, the Node tests (test/*.test.ts → out/test/*.test.js); with
// --scripts, the screenshot helper (scripts/run-page.ts → out/run-page.js).
// The `vscode` module is provided by the editor at run time.
import { build } from "esbuild";
import { readdirSync } from "node:fs";

const production = process.argv.includes("--production");
const tests = process.argv.includes("--tests");
const scripts = process.argv.includes("--scripts");

const common = {
  bundle: true,
  platform: "node",
  target: "node18",
  format: "cjs",
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
};

if (tests) {
  await build({
    ...common,
    entryPoints: readdirSync("test").filter((f) => f.endsWith(".test.ts")).map((f) => `test/${f}`),
    outdir: "out/test",
    external: ["vscode"],
  });
} else if (scripts) {
  await build({ ...common, entryPoints: ["scripts/run-page.ts"], outfile: "out/run-page.js" });
} else {
  await build({
    ...common,
    entryPoints: ["src/extension.ts"],
    outfile: "dist/extension.js",
    external: ["vscode"],
  });
}
