#!/usr/bin/env node
// Writes the npm package that carries the cookielint binary for one target:
//
//   node packaging/npm/build-platform-package.mjs <target> <binary-path> <out-dir>
//
// makes <out-dir>/cli-<target>/ (package @cookielint/cli-<target>), ready for
// `npm publish`. The targets are the main package's optionalDependencies and
// its version is theirs, so packaging/npm/cookielint/package.json is the one
// place both are written.
//
// The repository's LICENSE-MIT and LICENSE-APACHE go into the platform package
// and into packaging/npm/cookielint/ (git ignores the copies there), so that
// `npm publish packaging/npm/cookielint` after this script ships them without
// a lifecycle script.
//
// Exits 2 with a message on stderr for an unknown target or an unusable binary.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGING_DIR = path.dirname(fileURLToPath(import.meta.url));
const MAIN_PACKAGE_DIR = path.join(PACKAGING_DIR, "cookielint");
const REPOSITORY_ROOT = path.resolve(PACKAGING_DIR, "..", "..");
const LICENSE_FILES = ["LICENSE-MIT", "LICENSE-APACHE"];
const PLATFORM_PACKAGE_PREFIX = "@cookielint/cli-";

class UsageError extends Error {}

function readMainManifest() {
  const manifest = JSON.parse(fs.readFileSync(path.join(MAIN_PACKAGE_DIR, "package.json"), "utf8"));
  const mismatched = Object.entries(manifest.optionalDependencies).filter(
    ([, version]) => version !== manifest.version,
  );
  if (mismatched.length > 0) {
    throw new UsageError(
      `packaging/npm/cookielint/package.json: optionalDependencies must be at ${manifest.version}, ` +
        `not ${mismatched.map(([name, version]) => `${name}@${version}`).join(", ")}`,
    );
  }
  return manifest;
}

// "linux-arm64-musl" -> Node's process.platform, process.arch and, on Linux,
// the C library, as npm's os, cpu and libc fields name them.
function parseTarget(target, manifest) {
  const targets = Object.keys(manifest.optionalDependencies)
    .filter((name) => name.startsWith(PLATFORM_PACKAGE_PREFIX))
    .map((name) => name.slice(PLATFORM_PACKAGE_PREFIX.length));
  if (!targets.includes(target)) {
    throw new UsageError(`unknown target ${JSON.stringify(target)}; targets: ${targets.join(", ")}`);
  }
  const [os, cpu, variant] = target.split("-");
  const libc = os === "linux" ? (variant === "musl" ? "musl" : "glibc") : null;
  return { os, cpu, libc };
}

function platformManifest(target, { os, cpu, libc }, executable, manifest) {
  return {
    name: PLATFORM_PACKAGE_PREFIX + target,
    version: manifest.version,
    description: `The cookielint binary for ${target}${libc ? ` (${libc})` : ""}; the cookielint package runs it`,
    license: manifest.license,
    repository: { ...manifest.repository, directory: "packaging/npm" },
    homepage: manifest.homepage,
    os: [os],
    cpu: [cpu],
    ...(libc && { libc: [libc] }),
    files: [executable, ...LICENSE_FILES],
    // Yarn PnP must extract the package: a binary cannot run from a zip.
    preferUnplugged: true,
    engines: manifest.engines,
    // npm publishes a scoped package as private unless told otherwise.
    publishConfig: { access: "public" },
  };
}

function readme(target, packageName, manifest) {
  return `# ${packageName}

The prebuilt \`cookielint\` binary for ${target}. Install
[\`cookielint\`](https://www.npmjs.com/package/cookielint) instead: it depends on
this package (and on one per other platform, of which npm installs only the one
matching the machine) and its \`npx cookielint\` runs this binary. Documentation:
<${manifest.homepage}>.
`;
}

function copyLicenses(toDirs) {
  for (const name of LICENSE_FILES) {
    const source = path.join(REPOSITORY_ROOT, name);
    if (!fs.existsSync(source)) continue;
    for (const dir of toDirs) fs.copyFileSync(source, path.join(dir, name));
  }
}

function build(target, binaryPath, outDir) {
  const manifest = readMainManifest();
  const platform = parseTarget(target, manifest);
  if (!fs.statSync(binaryPath, { throwIfNoEntry: false })?.isFile()) {
    throw new UsageError(`${binaryPath}: not a file`);
  }
  const executable = platform.os === "win32" ? "cookielint.exe" : "cookielint";
  const packageName = PLATFORM_PACKAGE_PREFIX + target;
  const packageDir = path.join(outDir, `cli-${target}`);

  // A package directory left by an earlier run could publish stale files.
  fs.rmSync(packageDir, { recursive: true, force: true });
  fs.mkdirSync(packageDir, { recursive: true });
  const packageJson = platformManifest(target, platform, executable, manifest);
  fs.writeFileSync(path.join(packageDir, "package.json"), `${JSON.stringify(packageJson, null, 2)}\n`);
  fs.writeFileSync(path.join(packageDir, "README.md"), readme(target, packageName, manifest));
  fs.copyFileSync(binaryPath, path.join(packageDir, executable));
  fs.chmodSync(path.join(packageDir, executable), 0o755);
  copyLicenses([packageDir, MAIN_PACKAGE_DIR]);
  console.log(`${packageName}@${manifest.version}: ${packageDir}`);
}

const args = process.argv.slice(2);
try {
  if (args.length !== 3) {
    throw new UsageError(
      "usage: node packaging/npm/build-platform-package.mjs <target> <binary-path> <out-dir>",
    );
  }
  build(...args);
} catch (error) {
  if (!(error instanceof UsageError) && !error.code) throw error;
  console.error(`build-platform-package: ${error.message}`);
  process.exit(2);
}
