#!/usr/bin/env node
// Opens one klartext HTML report in a real headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core, which downloads no browser)
// and fails when the page is not what a reader can trust:
//
// - a console error or an uncaught exception in the page;
// - any request but the page's own file (the report is self-contained: no
//   script, style sheet, image, font or data: URL is fetched);
// - document.title not starting with the expected prefix, or different from
//   the file's own <title> (a script changed it);
// - window.__pwned defined (the hostile test inputs set it when they run);
// - a <script src>, an on* attribute, a javascript: or data: URL, a CSS
//   url() or @import, or an img, iframe, object, embed, frame or link
//   rel=stylesheet element in the DOM;
// - #summary missing or not visible; with --js-off, <main> or any present
//   section (summary, trends, categories, phrases, documents, annotated) not
//   visible without scripts;
// - with --forbid-text FILE, a line of FILE found in the page's source, its
//   DOM or its text (used for --no-text reports);
// - with --require-some-text FILE, no line of FILE in the page's text (the
//   guard that keeps the hostile and --no-text checks from passing on a page
//   that never showed the input's text).
//
// The same page is then dumped once with Chromium's own --dump-dom (no
// playwright involved) and the serialized DOM is checked for the same
// forbidden elements and attributes and for an unchanged <title>.
// A full-page screenshot (viewport 1280x900) is written in any case.
//
// Usage: node check.mjs [--expect-title-prefix klartext] [--forbid-text FILE]
//                       [--require-some-text FILE] [--js-off]
//                       PAGE.html SCREENSHOT.png
// Exit: 0 all checks passed, 1 a check failed, 2 usage or browser error.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.KLARTEXT_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-quic',
  '--disable-component-update',
  '--disable-sync',
];
const SECTION_IDS = ['summary', 'trends', 'categories', 'phrases', 'documents', 'annotated'];
const FORBIDDEN_ELEMENTS = ['img', 'iframe', 'object', 'embed', 'frame', 'frameset'];
const URL_ATTRIBUTES = ['href', 'xlink:href', 'src', 'srcset', 'poster', 'background', 'action', 'formaction', 'data'];
const TIMEOUT_MS = 60_000;

function usage(message) {
  if (message) console.error(`check.mjs: ${message}`);
  console.error(
    'usage: node check.mjs [--expect-title-prefix PREFIX] [--forbid-text FILE] [--require-some-text FILE]\n' +
      '                      [--js-off] PAGE.html SCREENSHOT.png',
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { titlePrefix: 'klartext', forbidFile: null, requireFile: null, jsOff: false, positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--expect-title-prefix') {
      if (i + 1 >= argv.length) usage('--expect-title-prefix needs a value');
      opts.titlePrefix = argv[++i];
    } else if (a === '--forbid-text') {
      if (i + 1 >= argv.length) usage('--forbid-text needs a file');
      opts.forbidFile = argv[++i];
    } else if (a === '--require-some-text') {
      if (i + 1 >= argv.length) usage('--require-some-text needs a file');
      opts.requireFile = argv[++i];
    } else if (a === '--js-off') {
      opts.jsOff = true;
    } else if (a === '-h' || a === '--help') {
      usage();
    } else if (a.startsWith('--')) {
      usage(`unknown option ${a}`);
    } else {
      opts.positional.push(a);
    }
  }
  if (opts.positional.length !== 2) usage('expected PAGE.html and SCREENSHOT.png');
  return opts;
}

// The few entities a <title> or a sentence may be written with.
function decodeEntities(s) {
  return s
    .replace(/&#(\d+);?/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);?/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&(lt|gt|quot|apos|nbsp|amp);/g, (_, n) =>
      ({ lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', amp: '&' })[n],
    );
}

// document.title strips and collapses ASCII whitespace.
const collapse = (s) => s.replace(/[\t\n\f\r ]+/g, ' ').trim();
// For text searches: any run of whitespace (also no-break space) is one space.
const squash = (s) => s.replace(/\s+/g, ' ');

function staticTitle(html) {
  const m = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html);
  return m ? collapse(decodeEntities(m[1])) : null;
}

// Start tags of a serialized DOM (Chromium's --dump-dom output): text has
// `<` escaped, attribute values are double-quoted with `"` escaped, so each
// match is an element. Raw-text content (script, style) and comments are
// removed first; their text is not markup.
function startTags(serialized) {
  const body = serialized
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b([^>]*)>[\s\S]*?<\/\1\s*>/gi, '<$1$2></$1>');
  const tags = [];
  const tagRe = /<([a-zA-Z][^\s\/>]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
  const attrRe = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const m of body.matchAll(tagRe)) {
    const attrs = [];
    for (const a of m[2].matchAll(attrRe)) {
      attrs.push({ name: a[1].toLowerCase(), value: decodeEntities(a[2] ?? a[3] ?? a[4] ?? '') });
    }
    tags.push({ name: m[1].toLowerCase(), attrs });
  }
  return tags;
}

function forbiddenInTags(tags) {
  const problems = [];
  for (const t of tags) {
    if (FORBIDDEN_ELEMENTS.includes(t.name)) problems.push(`<${t.name}> element`);
    if (t.name === 'script' && t.attrs.some((a) => a.name === 'src')) problems.push('<script src> element');
    if (t.name === 'link' && t.attrs.some((a) => a.name === 'rel' && /(^|\s)stylesheet(\s|$)/i.test(a.value))) {
      problems.push('<link rel=stylesheet> element');
    }
    for (const a of t.attrs) {
      if (a.name.startsWith('on')) problems.push(`<${t.name} ${a.name}=…> event-handler attribute`);
      if (URL_ATTRIBUTES.includes(a.name) && /^\s*(javascript|data):/i.test(a.value)) {
        problems.push(`<${t.name} ${a.name}="${a.value.trim().slice(0, 11)}…"> URL`);
      }
    }
  }
  return problems;
}

function run(cmd, args, timeoutMs) {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolvePromise({ code: -1, stdout: '', stderr: String(e) });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        code: signal ? `signal ${signal}` : code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const pagePath = resolve(opts.positional[0]);
  const shotPath = resolve(opts.positional[1]);
  if (!existsSync(pagePath)) usage(`no such page: ${pagePath}`);
  if (!existsSync(CHROMIUM)) {
    console.error(`check.mjs: ${CHROMIUM} not found (Debian package: chromium)`);
    process.exit(2);
  }
  const pageUrl = pathToFileURL(pagePath).href;
  const source = readFileSync(pagePath, 'utf8');
  const title = staticTitle(source);
  const lines = (file) =>
    file
      ? readFileSync(file, 'utf8')
          .split('\n')
          .map((l) => squash(l).trim())
          .filter((l) => l !== '')
      : [];
  const forbidden = lines(opts.forbidFile);
  const required = lines(opts.requireFile);
  const mode = opts.jsOff ? 'JavaScript off' : 'JavaScript on';
  const failures = [];
  const fail = (check, detail) => failures.push(`${check}: ${detail}`);
  let passed = 0;
  const pass = () => passed++;

  // --- the page in Chromium, driven by playwright-core --------------------
  const events = { console: [], pageErrors: [], requests: [], pages: 0, websockets: [] };
  const profile = mkdtempSync(join(tmpdir(), 'klartext-browser-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: !opts.jsOff,
      offline: true,
      serviceWorkers: 'block',
      acceptDownloads: false,
      timeout: TIMEOUT_MS,
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    console.error(`check.mjs: cannot launch ${CHROMIUM}: ${e.message}`);
    process.exit(2);
  }
  try {
    context.on('request', (r) => events.requests.push(r.url()));
    context.on('page', () => events.pages++);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') events.console.push(m.text());
    });
    page.on('pageerror', (e) => events.pageErrors.push(e.message));
    page.on('websocket', (ws) => events.websockets.push(ws.url()));
    page.setDefaultTimeout(TIMEOUT_MS);
    // playwright-core reports no data: URLs; Chromium's own network events
    // report some (the others are caught in the DOM below).
    const cdp = await context.newCDPSession(page);
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.request.url.startsWith('data:')) events.requests.push(e.request.url);
    });
    await cdp.send('Network.enable');

    await page.goto(pageUrl, { waitUntil: 'load' });
    // Give timers and late handlers a moment to misbehave.
    await page.waitForTimeout(500);

    const dom = await page.evaluate(
      ({ ids, elements, urlAttributes }) => {
        const problems = [];
        for (const el of document.querySelectorAll('*')) {
          const name = el.localName;
          if (elements.includes(name)) problems.push(`<${name}> element`);
          if (name === 'script' && el.hasAttribute('src')) problems.push(`<script src="${el.getAttribute('src')}">`);
          if (name === 'link' && /(^|\s)stylesheet(\s|$)/i.test(el.getAttribute('rel') || '')) {
            problems.push(`<link rel=stylesheet href="${el.getAttribute('href')}">`);
          }
          for (const a of el.attributes) {
            if (a.name.toLowerCase().startsWith('on')) problems.push(`<${name} ${a.name}="${a.value}">`);
            if (urlAttributes.includes(a.name.toLowerCase()) && /^\s*(javascript|data):/i.test(a.value)) {
              problems.push(`<${name} ${a.name}="${a.value.slice(0, 60)}">`);
            }
          }
        }
        // Style sheets fetch with url() and @import; a fragment (#id, e.g. an
        // SVG gradient) fetches nothing.
        const css = [
          ...[...document.querySelectorAll('style')].map((e) => e.textContent),
          ...[...document.querySelectorAll('[style]')].map((e) => e.getAttribute('style')),
        ];
        for (const text of css) {
          for (const m of text.matchAll(/url\(\s*(['"]?)\s*([^'")\s]*)/gi)) {
            if (!m[2].startsWith('#')) problems.push(`CSS url(${m[2].slice(0, 60)})`);
          }
          if (/@import/i.test(text)) problems.push('CSS @import');
        }
        const duplicateIds = ids.filter((id) => document.querySelectorAll(`[id="${id}"]`).length > 1);
        return {
          title: document.title,
          pwned: typeof window.__pwned !== 'undefined',
          problems,
          duplicateIds,
          presentIds: ids.filter((id) => document.getElementById(id) !== null),
          hasMain: document.querySelector('main') !== null,
          innerText: document.body ? document.body.innerText : '',
          textContent: document.documentElement.textContent || '',
        };
      },
      { ids: SECTION_IDS, elements: FORBIDDEN_ELEMENTS, urlAttributes: URL_ATTRIBUTES },
    );
    const serializedDom = await page.content();

    // Screenshot first, so that a failing page can still be looked at.
    await page.screenshot({ path: shotPath, fullPage: true });

    if (events.console.length) fail('console errors', events.console.join(' | '));
    else pass();
    if (events.pageErrors.length) fail('uncaught exceptions', events.pageErrors.join(' | '));
    else pass();
    const foreign = events.requests.filter((u) => u.split('#')[0] !== pageUrl);
    const extra = events.requests.filter((u) => u.split('#')[0] === pageUrl).length > 1;
    if (foreign.length) fail('requests besides the page itself', foreign.join(' '));
    else if (extra) fail('requests', 'the page was requested more than once (reload or navigation)');
    else pass();
    if (events.websockets.length) fail('websockets', events.websockets.join(' '));
    if (events.pages > 0) fail('windows', `${events.pages} page(s) opened besides the report`);

    if (title === null) fail('title', 'the file has no <title>');
    else if (!title.startsWith(opts.titlePrefix)) {
      fail('title', `the file's <title> ${JSON.stringify(title)} does not start with ${JSON.stringify(opts.titlePrefix)}`);
    } else pass();
    if (!dom.title.startsWith(opts.titlePrefix)) {
      fail('document.title', `${JSON.stringify(dom.title)} does not start with ${JSON.stringify(opts.titlePrefix)}`);
    } else if (title !== null && dom.title !== title) {
      fail('document.title', `${JSON.stringify(dom.title)}, but the file's <title> says ${JSON.stringify(title)}`);
    } else pass();
    if (dom.pwned) fail('window.__pwned', 'is defined: a hostile script from the input ran');
    else pass();
    if (dom.problems.length) fail('DOM', [...new Set(dom.problems)].join(', '));
    else pass();
    if (dom.duplicateIds.length) fail('ids', `more than one element with id ${dom.duplicateIds.join(', ')}`);

    if (!dom.presentIds.includes('summary')) fail('#summary', 'missing');
    else if (!(await page.locator('#summary').isVisible())) fail('#summary', 'not visible');
    else pass();
    if (!dom.hasMain) fail('<main>', 'missing');
    if (opts.jsOff) {
      const hidden = [];
      if (dom.hasMain && !(await page.locator('main').first().isVisible())) hidden.push('<main>');
      for (const id of dom.presentIds) {
        if (!(await page.locator(`#${id}`).isVisible())) hidden.push(`#${id}`);
      }
      if (hidden.length) fail('without JavaScript', `not visible: ${hidden.join(', ')}`);
      else pass();
    }

    if (forbidden.length) {
      const haystacks = {
        'HTML source': squash(source),
        'HTML source with entities decoded': squash(decodeEntities(source)),
        'HTML source without tags': squash(decodeEntities(source.replace(/<[^>]*>/g, ''))),
        'DOM': squash(serializedDom),
        'innerText': squash(dom.innerText),
        'textContent': squash(dom.textContent),
      };
      const found = [];
      for (const sentence of forbidden) {
        const where = Object.keys(haystacks).filter((k) => haystacks[k].includes(sentence));
        if (where.length) found.push(`${JSON.stringify(sentence)} (in ${where.join(', ')})`);
      }
      if (found.length) fail('input text in a --no-text page', found.join('; '));
      else pass();
    }
    if (required.length) {
      const text = [
        squash(dom.innerText),
        squash(dom.textContent),
        squash(decodeEntities(source.replace(/<[^>]*>/g, ''))),
      ];
      if (!required.some((l) => text.some((t) => t.includes(l)))) {
        fail('input text', `none of the ${required.length} lines of ${opts.requireFile} is shown as text`);
      } else pass();
    }
  } finally {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }

  // --- the same page through Chromium's own --dump-dom --------------------
  const dumpProfile = mkdtempSync(join(tmpdir(), 'klartext-dump-dom-'));
  let dump;
  try {
    dump = await run(
      CHROMIUM,
      [...CHROMIUM_ARGS, `--user-data-dir=${dumpProfile}`, '--dump-dom', pageUrl],
      TIMEOUT_MS,
    );
  } finally {
    rmSync(dumpProfile, { recursive: true, force: true });
  }
  if (dump.code !== 0 || !/<html[\s>]/i.test(dump.stdout)) {
    fail('--dump-dom', `chromium exited ${dump.code} with no DOM: ${dump.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  } else {
    const dumpedTitle = staticTitle(dump.stdout);
    if (dumpedTitle !== title) {
      fail('--dump-dom title', `${JSON.stringify(dumpedTitle)}, but the file's <title> says ${JSON.stringify(title)}`);
    } else pass();
    const problems = forbiddenInTags(startTags(dump.stdout));
    if (problems.length) fail('--dump-dom DOM', [...new Set(problems)].join(', '));
    else pass();
  }

  console.log(`screenshot: ${shotPath}`);
  const label = `${opts.positional[0]} (${mode})`;
  if (failures.length) {
    for (const f of failures) console.error(`FAIL ${label}: ${f}`);
    console.error(`check.mjs: ${failures.length} check(s) failed, ${passed} passed`);
    process.exit(1);
  }
  console.log(`ok ${label}: ${passed} checks passed`);
}

main().catch((e) => {
  console.error(`check.mjs: ${e.stack || e}`);
  process.exit(2);
});
