#!/usr/bin/env node
// Packages the extension as a platform-specific .vsix that bundles the
// `choreo` binary, as rust-analyzer's extension does: the binary for the
// platform this runs on goes to server/choreo (server/choreo.exe on
// Windows), where the extension looks for it (src/config.ts,
// bundledServer), and `vsce package --target TARGET` writes
// choreo-TARGET.vsix. The binary is $CHOREO_BIN when set, else built from
// the repository with `go build` (the helpers use cgo, so no
// cross-compiling: build on each platform you ship). choreo's helper
// programs go next to it (from beside $CHOREO_BIN, or built):
// choreo-syntax, the full command line that choreo hands every command
// but its session-notation checks over to, choreo-lsp, the language server
// that `choreo lsp` hands over to, and choreo-graphviz, the layout program
// SVG pictures need. The repository's LICENSE is copied in.
//
// Usage: npm run package   (runs node scripts/package.mjs; vsce on PATH)
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ext = join(dirname(fileURLToPath(import.meta.url)), "..");
// The programs choreo finds next to itself (cmd/ in the repository).
const helpers = ["choreo-syntax", "choreo-lsp", "choreo-graphviz"];
const repo = join(ext, "..", "..");

// vsce's target for this platform, or undefined when VS Code has none.
function vsceTarget() {
  const arch = { x64: "x64", arm64: "arm64", arm: "armhf" }[process.arch];
  if (!arch) return undefined;
  switch (process.platform) {
    case "win32":
      return arch === "armhf" ? undefined : `win32-${arch}`;
    case "darwin":
      return arch === "armhf" ? undefined : `darwin-${arch}`;
    case "linux": {
      // musl (Alpine) has its own targets; glibc reports its version.
      const glibc = process.report?.getReport().header.glibcVersionRuntime;
      return glibc || arch === "armhf" ? `linux-${arch}` : `alpine-${arch}`;
    }
  }
  return undefined;
}

function run(command, args, options = {}) {
  const r = spawnSync(command, args, { stdio: "inherit", shell: process.platform === "win32", ...options });
  if (r.status !== 0) {
    console.error(`package: ${command} ${args.join(" ")} failed`);
    process.exit(1);
  }
}

const target = vsceTarget();
if (!target) {
  console.error(`package: VS Code has no platform-specific extensions for ${process.platform}/${process.arch}`);
  process.exit(1);
}
const server = join(ext, "server", process.platform === "win32" ? "choreo.exe" : "choreo");
rmSync(join(ext, "server"), { recursive: true, force: true });
mkdirSync(dirname(server), { recursive: true });
if (process.env.CHOREO_BIN) {
  copyFileSync(process.env.CHOREO_BIN, server);
} else {
  run("go", ["build", "-ldflags=-s -w", "-o", server, "./cmd/choreo"], { cwd: repo }); // without symbol tables: a smaller .vsix
}
chmodSync(server, 0o755);
// The helper programs, next to choreo (where it looks for them first).
for (const name of helpers) {
  const helper = join(dirname(server), process.platform === "win32" ? `${name}.exe` : name);
  const built = process.env.CHOREO_BIN && join(dirname(process.env.CHOREO_BIN), basename(helper));
  if (built && existsSync(built)) {
    copyFileSync(built, helper);
  } else {
    run("go", ["build", "-ldflags=-s -w", "-o", helper, `./cmd/${name}`], { cwd: repo });
  }
  chmodSync(helper, 0o755);
}
copyFileSync(join(repo, "LICENSE"), join(ext, "LICENSE"));
const out = `choreo-${target}.vsix`;
for (const old of readdirSync(ext).filter((f) => /^choreo.*\.vsix$/.test(f))) rmSync(join(ext, old));
run("vsce", ["package", "--no-dependencies", "--target", target, "--out", out], { cwd: ext });
console.log(`package: wrote ${out} (server/${basename(server)} for ${target})`);
