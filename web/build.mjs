// Builds the front end for the server: `node web/build.mjs <outputDir>`
//   <outputDir>/static/  <- web/public/** (served at /static/)
//   <outputDir>/vendor/  <- the browser files of the npm packages (served at /vendor/)
// No bundler: the pages are plain ES modules. Fails with a clear message when node_modules is missing.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = dirname(fileURLToPath(import.meta.url));
const modules = join(webDir, 'node_modules');

// [package, file inside the package, destination under vendor/]
const VENDOR_FILES = [
  ['@xterm/xterm', 'lib/xterm.mjs', 'xterm/xterm.mjs'],
  ['@xterm/xterm', 'lib/xterm.mjs.map', 'xterm/xterm.mjs.map'],
  ['@xterm/xterm', 'css/xterm.css', 'xterm/xterm.css'],
  ['@xterm/addon-fit', 'lib/addon-fit.mjs', 'xterm/addon-fit.mjs'],
  ['@xterm/addon-fit', 'lib/addon-fit.mjs.map', 'xterm/addon-fit.mjs.map'],
  ['@xterm/addon-web-links', 'lib/addon-web-links.mjs', 'xterm/addon-web-links.mjs'],
  ['@xterm/addon-web-links', 'lib/addon-web-links.mjs.map', 'xterm/addon-web-links.mjs.map'],
  ['mermaid', 'dist/mermaid.min.js', 'mermaid/mermaid.min.js'],
];

function fail(message) {
  console.error(`web/build.mjs: ${message}`);
  process.exit(1);
}

const outputArg = process.argv[2];
if (!outputArg) fail('usage: node web/build.mjs <outputDir>');
const outputDir = resolve(process.cwd(), outputArg);
if (!existsSync(modules)) fail(`${modules} is missing; run \`npm ci --prefix web\` first`);

const staticDir = join(outputDir, 'static');
const vendorDir = join(outputDir, 'vendor');
// Only our two folders are replaced: the output directory may hold other things of the server's.
rmSync(staticDir, { recursive: true, force: true });
rmSync(vendorDir, { recursive: true, force: true });
mkdirSync(outputDir, { recursive: true });

cpSync(join(webDir, 'public'), staticDir, { recursive: true });

const versions = {};
for (const [pkg, file, destination] of VENDOR_FILES) {
  const source = join(modules, pkg, file);
  if (!existsSync(source)) fail(`${pkg}/${file} not found; is web/node_modules up to date with package-lock.json?`);
  const target = join(vendorDir, destination);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(source, target);
  versions[pkg] ??= JSON.parse(readFileSync(join(modules, pkg, 'package.json'), 'utf8')).version;
}
writeFileSync(join(vendorDir, 'versions.json'), `${JSON.stringify(versions, null, 2)}\n`);

console.log(`web/build.mjs: static/ and vendor/ written to ${outputDir} (${Object.entries(versions).map(([p, v]) => `${p}@${v}`).join(', ')})`);
