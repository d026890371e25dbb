#!/usr/bin/env bash
# Checks the packages as a plugin author gets them (npm run test:pack; .ci/run after npm test): builds and packs every
# public workspace, checks that no tarball holds tests, installs the tarballs into a temporary project outside the
# repository and runs `npx pipeline run` there on a tiny CSV dataset with a package-provided regex LF and a user's LF:
#   A. in the project ("type": "module"): an LF plugin in TypeScript compiled by plain tsc (strict, NodeNext), its LFs
#      applied in a worker thread;
#   B. in a package without "type" (CommonJS) inside it: a require() .js plugin, an import / export .js plugin, a .ts
#      plugin, and a .ts plugin in a folder outside any project (its @skimmer/core comes from the CLI's own install).
# Prints one summary line; exits non-zero on any failure. SKIMMER_PACK_KEEP=1 keeps the temporary folder.
set -euo pipefail
# Inside the repo, npm sets NODE_OPTIONS=--conditions=@skimmer/source (.npmrc): the installed packages have no src/.
unset NODE_OPTIONS npm_config_node_options # npm passes .npmrc settings on to the npx calls below as npm_config_*
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/skimmer-pack-XXXXXX")"
[ "${SKIMMER_PACK_KEEP:-}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
START=$SECONDS
TIMES=""
LAST=$SECONDS
step() { # logs the next phase and adds the time of the previous one to the summary
  [ -z "${PHASE:-}" ] || TIMES="$TIMES${TIMES:+, }$PHASE $((SECONDS - LAST)) s"
  PHASE="$1"
  LAST=$SECONDS
  [ -z "$2" ] || echo "pack-and-install: $2" >&2
}
fail() {
  echo "pack-and-install: FAILED: $*" >&2
  exit 1
}
quiet() { # runs a command, showing its output only when it fails
  local log="$WORK/last.log"
  "$@" >"$log" 2>&1 || {
    cat "$log" >&2
    fail "$*"
  }
}

cd "$ROOT"
step build "building (npm run build)"
quiet npm run build

# 1. Pack every public workspace (not "private": true); the file lists must hold no tests, fixtures or benchmarks.
step pack "packing"
mkdir -p "$WORK/tarballs"
mapfile -t PUBLIC < <(node -e '
const fs = require("node:fs");
const path = require("node:path");
for (const pattern of require("./package.json").workspaces) {
  const dirs = pattern.endsWith("/*") ? fs.readdirSync(pattern.slice(0, -2)).map((d) => path.join(pattern.slice(0, -2), d)) : [pattern];
  for (const dir of dirs) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file) && !JSON.parse(fs.readFileSync(file, "utf8")).private) console.log(`--workspace=${dir}`);
  }
}')
npm pack "${PUBLIC[@]}" --ignore-scripts --json --pack-destination "$WORK/tarballs" >"$WORK/pack.json" 2>"$WORK/pack.err" || {
  cat "$WORK/pack.err" >&2
  fail "npm pack"
}
node - "$WORK/pack.json" <<'EOF' || fail "tarball contents"
// Every tarball: dist/ with .js and .d.ts, a LICENSE, and no test / fixture / benchmark file.
const packs = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'));
const bad = [];
for (const p of packs) {
  const files = p.files.map((f) => f.path);
  const tests = files.filter((f) => /(^|\/)(test|tests|__tests__|fixtures|bench)\//.test(f) || /\.(test|spec|bench)\.[cm]?[jt]s$/.test(f));
  if (tests.length) bad.push(`${p.name}: test files ${tests.slice(0, 3).join(', ')}${tests.length > 3 ? ` (+${tests.length - 3})` : ''}`);
  if (!files.includes('LICENSE')) bad.push(`${p.name}: no LICENSE`);
  if (p.name.startsWith('@skimmer/') && p.name !== '@skimmer/kafkajs-fork') {
    if (!files.some((f) => /^dist\/.*\.d\.ts$/.test(f)) || !files.some((f) => /^dist\/.*\.js$/.test(f))) bad.push(`${p.name}: no dist/*.js and *.d.ts`);
    if (files.some((f) => f.startsWith('src/'))) bad.push(`${p.name}: ships src/`);
  }
}
if (bad.length) {
  console.error(bad.join('\n'));
  process.exit(1);
}
console.error(`pack-and-install: ${packs.length} tarballs, ${packs.reduce((n, p) => n + p.entryCount, 0)} files, no tests`);
EOF
TARBALLS=("$WORK"/tarballs/*.tgz)
# Installed: all but plugins-tfjs (an optional peer of plugins-serve, 290 MB of TensorFlow.js), as a user would.
INSTALL=()
for t in "${TARBALLS[@]}"; do [[ "$t" == */skimmer-plugins-tfjs-* ]] || INSTALL+=("$t"); done
TS_VERSION="$(node -p "require('./node_modules/typescript/package.json').version")"
TYPES_NODE_VERSION="$(node -p "require('./node_modules/@types/node/package.json').version")"

# 2. The dataset: 40 comments of datasets/uci-youtube-spam (CC BY 4.0), split 24 / 8 / 8.
node - "$WORK/data" <<'EOF' || fail "writing the dataset"
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('csv-parse/sync');
const { stringify } = require('csv-stringify/sync');
const rows = parse(fs.readFileSync('datasets/uci-youtube-spam/Youtube01-Psy.csv'), { columns: true }).slice(0, 40);
fs.mkdirSync(process.argv[2], { recursive: true });
const write = (name, part) => fs.writeFileSync(path.join(process.argv[2], name), stringify(part, { header: true, columns: ['COMMENT_ID', 'CONTENT', 'CLASS'] }));
write('train.csv', rows.slice(0, 24));
write('valid.csv', rows.slice(24, 32));
write('test.csv', rows.slice(32));
EOF

# Writes config.yaml into $1 with the plugin entries $2 (YAML list items) and apply settings $3.
write_config() {
  cat >"$1/config.yaml" <<EOF
name: pack-check
labels: [ham, spam]
seed: 1
plugins:
  - '@skimmer/plugins-regex'
$2
store: { kind: pglite, dataDir: 'memory://' }
data:
  train: { path: data/train.csv, columns: { id: COMMENT_ID, text: CONTENT, label: CLASS } }
  valid: { path: data/valid.csv, columns: { id: COMMENT_ID, text: CONTENT, label: CLASS } }
  test: { path: data/test.csv, columns: { id: COMMENT_ID, text: CONTENT, label: CLASS } }
lfs:
  - { type: regex, name: regex_check_out, pattern: "check.*out", flags: i, label: spam }
  - { type: regex, name: regex_please, pattern: "please|plz", flags: i, label: spam }
$3
labelModel: { type: snorkel, options: { nEpochs: 50, seed: 1 } }
EOF
  cp -r "$WORK/data" "$1/data"
}

# An LF plugin's source; $1 = the LF's name, $2 = the pattern it votes spam on.
lf_module_esm() {
  cat <<EOF
// A user's LF plugin: votes spam when a comment matches /$2/i.
import { ABSTAIN, definePlugin, labelingFunction, registerLabelingFunctions } from '@skimmer/core';

const SPAM = 1;

export const lf = labelingFunction({
  name: '$1',
  labels: [SPAM],
  apply: (point) => (/$2/i.test(point.text) ? SPAM : ABSTAIN),
});

export default definePlugin({
  name: '$1-plugin',
  register(ctx) {
    registerLabelingFunctions(ctx.container, [lf]);
  },
});
EOF
}

# Runs `npx pipeline run $1/config.yaml` in the project; checks that its report names the LFs $2… and has a label model result.
run_pipeline() {
  local dir="$1"
  shift
  (cd "$PROJECT" && npx --no-install pipeline run "$dir/config.yaml" >"$dir/run.out" 2>"$dir/run.err") || {
    tail -n 30 "$dir/run.err" >&2
    fail "npx pipeline run in $dir"
  }
  local report
  report="$(find "$dir/runs" -name report.json | head -n 1)"
  [ -n "$report" ] || fail "no report.json in $dir/runs"
  node - "$report" "$@" <<'EOF' || fail "report of $dir"
const [file, ...lfs] = process.argv.slice(2);
const report = JSON.parse(require('node:fs').readFileSync(file, 'utf8'));
const names = report.lfSummary.map((s) => s.name);
const missing = lfs.filter((n) => !names.includes(n));
if (missing.length) throw new Error(`report lacks LFs ${missing.join(', ')} (has ${names.join(', ')})`);
const acc = report.labelModel?.test?.accuracy;
if (report.labelModel?.type !== 'snorkel' || typeof acc !== 'number') throw new Error(`no label model result: ${JSON.stringify(report.labelModel)}`);
console.log(`${names.length} LFs, snorkel test accuracy ${acc.toFixed(3)}`);
EOF
}

# 3. The project, "type": "module", with every tarball, typescript and @types/node installed.
PROJECT="$WORK/project"
step install "installing the tarballs into a new project"
mkdir -p "$PROJECT"
(cd "$PROJECT" && npm init -y >/dev/null && npm pkg set type=module)
quiet npm install --prefix "$PROJECT" --no-audit --no-fund --prefer-offline --loglevel=error "${INSTALL[@]}" "typescript@$TS_VERSION" "@types/node@$TYPES_NODE_VERSION"

# A. A TypeScript LF compiled by plain tsc; the LFs are applied in a worker thread.
A="$PROJECT"
step A "A: TypeScript plugin compiled by tsc, \"type\": \"module\""
mkdir -p "$A/src"
cat >"$A/tsconfig.json" <<'EOF'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "exactOptionalPropertyTypes": true,
    "skipLibCheck": false,
    "types": ["node"],
    "outDir": "dist",
    "rootDir": "src"
  },
  "include": ["src"]
}
EOF
lf_module_esm mentions_channel channel >"$A/src/channelLf.ts"
(cd "$A" && npx --no-install tsc -p tsconfig.json >"$A/tsc.out" 2>&1) || {
  head -n 30 "$A/tsc.out" >&2
  fail "tsc in project A"
}
write_config "$A" "  - ./dist/channelLf.js" "apply: { workers: 1, parallelThreshold: 1 }"
A_RESULT="$(run_pipeline "$A" regex_check_out regex_please mentions_channel)"

# B. A package without "type" (CommonJS) in the project: a require() .js plugin, a .ts plugin, and a .ts plugin in a
# folder outside any project.
B="$PROJECT/cjs-lfs"
OUTSIDE="$WORK/outside-any-project"
step B "B: .js (require and import) and .ts plugins in a CommonJS package, a .ts plugin outside any project"
mkdir -p "$B/plugins" "$OUTSIDE"
echo '{ "name": "cjs-lfs", "version": "1.0.0", "private": true }' >"$B/package.json"
cat >"$B/plugins/subscribeLf.js" <<'EOF'
// A user's LF plugin in CommonJS JavaScript: votes spam when a comment asks to subscribe.
const { ABSTAIN, definePlugin, labelingFunction, registerLabelingFunctions } = require('@skimmer/core');

const SPAM = 1;
const lf = labelingFunction({ name: 'asks_subscribe', labels: [SPAM], apply: (point) => (/subscribe/i.test(point.text) ? SPAM : ABSTAIN) });

module.exports = definePlugin({
  name: 'asks-subscribe',
  register(ctx) {
    registerLabelingFunctions(ctx.container, [lf]);
  },
});
EOF
lf_module_esm mentions_video video >"$B/plugins/videoLf.ts"
lf_module_esm mentions_free free >"$B/plugins/freeLf.js" # import / export in a .js file of a CommonJS package
lf_module_esm mentions_link 'https?:' >"$OUTSIDE/linkLf.ts"
write_config "$B" "  - ./plugins/subscribeLf.js
  - ./plugins/videoLf.ts
  - ./plugins/freeLf.js
  - $OUTSIDE/linkLf.ts" ""
B_RESULT="$(run_pipeline "$B" regex_check_out regex_please asks_subscribe mentions_video mentions_free mentions_link)"

# C. The optional Kafka client is not installed with the packages; asking for it names the package to install.
step C "C: client platformatic without its optional package"
[ -d "$PROJECT/node_modules/@platformatic/kafka" ] && fail "@platformatic/kafka (an optional peer) was installed with the tarballs"
C_OUT="$(cd "$A" && node --input-type=module -e "
import { createKafkaBus } from '@skimmer/plugins-kafka';
try { await createKafkaBus({ brokers: ['127.0.0.1:9'], client: 'platformatic' }).endOffsets('t'); console.log('no error'); }
catch (err) { console.log(err.name + ': ' + err.message); }" 2>&1)" || true
case "$C_OUT" in *ConfigError*"@platformatic/kafka@1.35.0"*) ;; *) fail "client platformatic without its package: $C_OUT" ;; esac

step done ""
echo "pack-and-install: ok: ${#TARBALLS[@]} tarballs without tests; A (tsc + ESM, worker): $A_RESULT; B (CommonJS: require .js, ESM .js, .ts, .ts outside): $B_RESULT; C: client platformatic refused with the package to install; $((SECONDS - START)) s ($TIMES)"
