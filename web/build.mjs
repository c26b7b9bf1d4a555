// Builds the front end for the server: `node web/build.mjs <outputDir>`
//   <outputDir>/static/  <- web/public/** (served at /static/)
//   <outputDir>/static/app/<page>.js <- one minified bundle per page (esbuild), with a source map
//   <outputDir>/vendor/  <- the browser files of the npm packages (served at /vendor/)
// The sources are plain ES modules; each page loads one bundle of them (issue 13, time to a usable prompt: the
// lesson page's 20 modules were fetched over HTTP/1.1's six connections per host in four rounds, queued behind the
// stylesheets and the page's first API requests). Fails with a clear message when node_modules is missing.
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

// [bundle under static/app/, the modules it runs in this order (under public/js/)]. The pages name the bundle.
const PAGE_BUNDLES = [
  ['lesson.js', ['lesson.js', 'cohort-bar.js']],
  ['catalog.js', ['catalog.js', 'cohort-bar.js']],
  ['join.js', ['join.js']],
  ['instructor.js', ['instructor.js', 'instructor-prewarm.js']],
];

// The modules import xterm.js by the URL it is served at (/vendor/xterm/...); the bundler takes the same file from
// its npm package (VENDOR_FILES below says which).
const VENDOR_IMPORT = /^\/vendor\/(xterm\/[a-z0-9-]+\.mjs)$/;

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

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  fail('esbuild is missing from web/node_modules; run `npm ci --prefix web`');
}
const vendorImports = {
  name: 'vendor-imports',
  setup(build) {
    build.onResolve({ filter: VENDOR_IMPORT }, (args) => {
      const served = args.path.match(VENDOR_IMPORT)[1];
      const entry = VENDOR_FILES.find(([, , destination]) => destination === served);
      if (!entry) return { errors: [{ text: `${args.path} is not one of build.mjs's VENDOR_FILES` }] };
      return { path: join(modules, entry[0], entry[1]) };
    });
  },
};
for (const [bundle, entries] of PAGE_BUNDLES) {
  try {
    await esbuild.build({
      stdin: { contents: entries.map((entry) => `import './${entry}';`).join('\n'), resolveDir: join(webDir, 'public', 'js'), sourcefile: `page:${bundle}` },
      bundle: true,
      format: 'esm',
      target: 'es2022',
      minify: true,
      sourcemap: true,
      legalComments: 'linked',
      outfile: join(staticDir, 'app', bundle),
      plugins: [vendorImports],
      logLevel: 'silent',
    });
  } catch (error) {
    fail(`bundling static/app/${bundle} failed:\n${(error.errors ?? []).map((e) => `  ${e.location?.file ?? ''}:${e.location?.line ?? ''}: ${e.text}`).join('\n') || error.message}`);
  }
}

console.log(`web/build.mjs: static/ (with ${PAGE_BUNDLES.length} page bundles) and vendor/ written to ${outputDir} (${Object.entries(versions).map(([p, v]) => `${p}@${v}`).join(', ')})`);
