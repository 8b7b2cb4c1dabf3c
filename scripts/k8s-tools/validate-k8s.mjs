#!/usr/bin/env node
// Checks rendered Kubernetes manifests offline, with no cluster:
//  1. each object against the JSON schema compiled into `kubernetes-models` (or a CRD model package
//     named by --models, e.g. @kubernetes-models/prometheus-operator for ServiceMonitor/PrometheusRule);
//  2. with --strict, unknown fields too (a typo such as `imagePullPolcy` passes most schemas): every
//     object becomes a TypeScript constant typed with the package's own interface, and tsc's
//     excess-property check names each field it does not know.
// Usage: node validate-k8s.mjs [--strict] [--models=PKG[,PKG...]] FILE...
// Prints one PASS/FAIL line per object and "N passed, N failed"; exit 0 all valid, 1 any failure, 2 usage.
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { parseAllDocuments } from "yaml";

const options = process.argv.slice(2).filter((a) => a.startsWith("--"));
const files = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const strict = options.includes("--strict");
const modelPackages = ["kubernetes-models",
  ...options.filter((o) => o.startsWith("--models=")).flatMap((o) => o.slice("--models=".length).split(",")).filter(Boolean)];
if (files.length === 0 || options.some((o) => o !== "--strict" && !o.startsWith("--models="))) {
  console.error("usage: validate-k8s.mjs [--strict] [--models=PKG[,PKG...]] FILE...");
  process.exit(2);
}

// Model modules are laid out as <package>/<apiVersion>/<Kind>, e.g. kubernetes-models/apps/v1/Deployment.
async function modelOf(apiVersion, kind) {
  for (const pkg of modelPackages) {
    const path = `${pkg}/${apiVersion}/${kind}`;
    try {
      const model = (await import(path))[kind];
      if (typeof model === "function") return { model, path };
    } catch {
      // Note: not in this package; the next one may hold it.
    }
  }
  return null;
}

let passed = 0, failed = 0;
const fail = (what, why) => { console.error(`FAIL ${what}: ${why}`); failed++; };
const checked = [];
for (const file of files) {
  for (const [index, doc] of parseAllDocuments(readFileSync(file, "utf8")).entries()) {
    const where = `${file}#${index}`;
    if (doc.errors.length > 0) { fail(where, `YAML: ${doc.errors[0].message}`); continue; }
    const object = doc.toJS();
    if (object === null || object === undefined) continue;
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== "string" || typeof kind !== "string") { fail(where, "no apiVersion or kind"); continue; }
    const what = `${where} ${kind}/${object.metadata?.name ?? "?"} (${apiVersion})`;
    const found = await modelOf(apiVersion, kind);
    if (!found) { fail(what, `no schema for ${apiVersion} ${kind} in ${modelPackages.join(", ")}`); continue; }
    try {
      new found.model(object).validate();
      console.log(`PASS ${what}`);
      passed++;
      checked.push({ what, kind, path: found.path, object });
    } catch (e) {
      for (const error of e.errors ?? [{ instancePath: "", message: e.message }]) {
        fail(what, `${error.instancePath || "/"} ${error.message}${error.params ? " " + JSON.stringify(error.params) : ""}`);
      }
    }
  }
}

if (strict && checked.length > 0) {
  // Note: the scratch project sits beside this script so that its imports resolve to our node_modules.
  const here = dirname(fileURLToPath(import.meta.url));
  const scratch = mkdtempSync(join(here, ".strict-"));
  const firstLines = [];
  let source = "";
  checked.forEach((c, i) => {
    firstLines.push([source.split("\n").length, c.what]);
    source += `import type { I${c.kind} as T${i} } from "${c.path}";\nexport const o${i}: T${i} = ${JSON.stringify(c.object, null, 1)};\n`;
  });
  writeFileSync(join(scratch, "objects.ts"), source);
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(join(scratch, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, types: [], module: "nodenext", moduleResolution: "nodenext", target: "es2022" },
    files: ["objects.ts"],
  }));
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const run = spawnSync(process.execPath, [tsc, "-p", scratch, "--pretty", "false"], { encoding: "utf8" });
  rmSync(scratch, { recursive: true, force: true });
  if (run.status === 0) {
    console.log(`PASS strict: no unknown field in ${checked.length} object(s)`);
  } else {
    for (const line of `${run.stdout}${run.stderr}`.split("\n").filter((l) => l.trim())) {
      const m = /objects\.ts\((\d+),\d+\): (.*)$/.exec(line);
      const owner = m ? firstLines.filter(([first]) => first <= Number(m[1])).pop() : null;
      console.error(`FAIL strict ${owner ? owner[1] : ""}: ${m ? m[2] : line}`);
    }
    failed++;
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
