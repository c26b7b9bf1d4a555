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
  ['@xterm/addon-unicode11', 'lib/addon-unicode11.mjs', 'xterm/addon-unicode11.mjs'],
  ['@xterm/addon-unicode11', 'lib/addon-unicode11.mjs.map', 'xterm/addon-unicode11.mjs.map'],
  ['mermaid', 'dist/mermaid.min.js', 'mermaid/mermaid.min.js'],
];

// Korean web fonts (OFL-1.1), served from our own origin so Hangul never shows as boxes on a machine without a
// Korean font. [package, weights, destination under vendor/fonts/]. Only the woff2 files are copied (every browser
// we support reads woff2); the generated <name>.css drops the woff fallbacks accordingly.
const FONT_PACKAGES = [
  ['@fontsource/nanum-gothic-coding', ['400', '700'], 'nanum-gothic-coding'], // terminal: Hangul is exactly 2 cells
  ['@fontsource/nanum-gothic', ['400', '700'], 'nanum-gothic'], // the page's Korean text
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
for (const [pkg, weights, destination] of FONT_PACKAGES) {
  const packageDir = join(modules, pkg);
  if (!existsSync(packageDir)) fail(`${pkg} not found; is web/node_modules up to date with package-lock.json?`);
  const target = join(vendorDir, 'fonts', destination);
  mkdirSync(join(target, 'files'), { recursive: true });
  const css = [];
  for (const weight of weights) {
    const source = readFileSync(join(packageDir, `${weight}.css`), 'utf8')
      .replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/g, '');
    for (const [, file] of source.matchAll(/url\(\.\/files\/([^)]+\.woff2)\)/g)) {
      cpSync(join(packageDir, 'files', file), join(target, 'files', file));
    }
    css.push(source);
  }
  writeFileSync(join(target, `${destination}.css`), css.join('\n'));
  cpSync(join(packageDir, 'LICENSE'), join(target, 'LICENSE'));
  versions[pkg] = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
}
writeFileSync(join(vendorDir, 'versions.json'), `${JSON.stringify(versions, null, 2)}\n`);

console.log(`web/build.mjs: static/ and vendor/ written to ${outputDir} (${Object.entries(versions).map(([p, v]) => `${p}@${v}`).join(', ')})`);
