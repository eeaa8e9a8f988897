#!/usr/bin/env node
// Runs the prebuilt cookielint binary that npm installed as one of this
// package's optional dependencies (@cookielint/cli-<platform>-<arch>[-musl]),
// passing every argument through and exiting as the binary did.
"use strict";

const childProcess = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const util = require("node:util");
const manifest = require("../package.json");

// cookielint's own "could not run" exit code.
const EXIT_COULD_NOT_RUN = 2;
const PLATFORM_PACKAGE_PREFIX = "@cookielint/cli-";

function fail(message) {
  process.stderr.write(`cookielint: ${message}\n`);
  process.exitCode = EXIT_COULD_NOT_RUN;
}

// The optional dependencies are the one list of targets with a binary.
function supportedTargets() {
  return Object.keys(manifest.optionalDependencies)
    .filter((name) => name.startsWith(PLATFORM_PACKAGE_PREFIX))
    .map((name) => name.slice(PLATFORM_PACKAGE_PREFIX.length));
}

// Node's diagnostic report, without the network part that can take seconds
// on hosts with slow name resolution; null where Node has no report.
function processReport() {
  const report = process.report;
  if (!report || typeof report.getReport !== "function") return null;
  const excludedNetwork = report.excludeNetwork;
  try {
    report.excludeNetwork = true;
    return report.getReport();
  } catch {
    return null;
  } finally {
    try {
      report.excludeNetwork = excludedNetwork;
    } catch {
      // Node versions before the setting have a plain property here.
    }
  }
}

// A glibc binary cannot start on musl (Alpine), so Linux has two packages.
function linuxLibc() {
  const report = processReport();
  if (report && report.header) {
    // Node built against glibc names the version it runs on; on musl it
    // has no such field.
    return report.header.glibcVersionRuntime ? "glibc" : "musl";
  }
  try {
    // Alpine's ldd runs the musl loader; glibc's names the GNU C Library.
    if (fs.readFileSync("/usr/bin/ldd", "latin1").includes("musl")) return "musl";
  } catch {
    // No ldd: most likely a glibc distribution trimmed down.
  }
  return "glibc";
}

function hostTarget() {
  const target = `${process.platform}-${process.arch}`;
  if (process.platform === "linux" && linuxLibc() === "musl") return `${target}-musl`;
  return target;
}

function installHint() {
  return (
    "install cookielint another way: `pip install cookielint`, or with a Rust " +
    "toolchain `cargo install --locked cookielint`; " +
    "or set COOKIELINT_BINARY to the path of a cookielint executable"
  );
}

// The binary's path, or null after explaining on stderr why there is none.
function findBinary() {
  const override = process.env.COOKIELINT_BINARY;
  if (override) return override;

  const target = hostTarget();
  const targets = supportedTargets();
  if (!targets.includes(target)) {
    fail(
      `no prebuilt binary for ${target} in the npm package ` +
        `(prebuilt: ${targets.join(", ")});\n  ${installHint()}`,
    );
    return null;
  }
  const packageName = PLATFORM_PACKAGE_PREFIX + target;
  const executable = process.platform === "win32" ? "cookielint.exe" : "cookielint";
  try {
    return require.resolve(`${packageName}/${executable}`);
  } catch {
    const version = manifest.optionalDependencies[packageName];
    fail(
      `the binary for ${target} comes in the package ${packageName}, which is not installed.\n` +
        "  npm leaves optional dependencies out with --omit=optional or --no-optional " +
        "(also when set in .npmrc or NPM_CONFIG_OMIT).\n" +
        `  Add it with \`npm install --save-dev ${packageName}@${version}\`, ` +
        "or reinstall without omitting optional dependencies;\n" +
        `  or ${installHint()}`,
    );
    return null;
  }
}

function describeSpawnError(error) {
  const system = typeof error.errno === "number" && util.getSystemErrorMap().get(error.errno);
  const reason = system ? `${system[0]}, ${system[1]}` : error.message;
  const hint = error.code === "EACCES" ? " (is it executable? `chmod +x` it)" : "";
  return `${reason}${hint}`;
}

// Ctrl-C and Ctrl-\ reach the whole foreground process group, cookielint
// included: like system(3), the launcher ignores them while cookielint runs
// and then ends the way cookielint ended.
function ignoringTerminalSignals(run) {
  const ignored = process.platform === "win32" ? ["SIGINT"] : ["SIGINT", "SIGQUIT"];
  const ignore = () => {};
  for (const signal of ignored) process.on(signal, ignore);
  try {
    return run();
  } finally {
    for (const signal of ignored) process.removeListener(signal, ignore);
  }
}

function exitLikeChild(result) {
  if (result.signal) {
    // Dying of the same signal gives our parent what a shell would see;
    // where Node keeps a handler for it (SIGPIPE, SIGUSR1), exit as a shell
    // reports a signal death instead.
    if (result.signal !== "SIGUSR1") process.kill(process.pid, result.signal);
    process.exitCode = 128 + (os.constants.signals[result.signal] || 0);
    return;
  }
  process.exitCode = result.status;
}

function main() {
  const binary = findBinary();
  if (binary === null) return;
  const result = ignoringTerminalSignals(() =>
    childProcess.spawnSync(binary, process.argv.slice(2), {
      stdio: "inherit",
      windowsHide: true,
    }),
  );
  if (result.error) {
    fail(`could not run ${binary}: ${describeSpawnError(result.error)}`);
    return;
  }
  exitLikeChild(result);
}

main();
