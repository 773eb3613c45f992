#!/usr/bin/env node
// axe-core at a given window size (tools/qa/run.sh).
//
//   node axe-viewport.cjs WIDTH HEIGHT URL...
//
// @axe-core/cli cannot size the window (it splits --chrome-options on
// commas, so "window-size=390,844" never reaches Chrome), and on a phone is
// where a table may scroll sideways. This runs the same engine the CLI runs
// (@axe-core/webdriverjs, axe-core 4.13) in Debian's chromium through
// /usr/bin/chromedriver, with the same WCAG 2.1 A/AA tags, prints each
// violation and exits 1 if there is any.
'use strict';

const { AxeBuilder } = require('@axe-core/webdriverjs');
const { Builder } = require('selenium-webdriver');
const chrome = require('selenium-webdriver/chrome');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function main() {
  const [width, height, ...urls] = process.argv.slice(2);
  if (!Number(width) || !Number(height) || urls.length === 0) {
    console.error('usage : node axe-viewport.cjs LARGEUR HAUTEUR URL...');
    process.exit(2);
  }
  const options = new chrome.Options()
    .setChromeBinaryPath(process.env.CHROMIUM || '/usr/bin/chromium')
    .addArguments(
      'headless=new', 'no-sandbox', 'disable-gpu', 'disable-dev-shm-usage',
      'disable-background-networking', 'disable-component-update', 'no-first-run',
    );
  const service = new chrome.ServiceBuilder(process.env.CHROMEDRIVER || '/usr/bin/chromedriver');
  const driver = await new Builder()
    .forBrowser('chrome')
    .setChromeOptions(options)
    .setChromeService(service)
    .build();
  let violations = 0;
  try {
    await driver.manage().window().setRect({ width: Number(width), height: Number(height) });
    for (const url of urls) {
      await driver.get(url);
      const results = await new AxeBuilder(driver).withTags(TAGS).analyze();
      const inner = results.testEnvironment.windowWidth;
      for (const v of results.violations) {
        violations += 1;
        console.log(`${url} (${inner} px) : ${v.id} [${v.impact}] ${v.help}`);
        for (const node of v.nodes.slice(0, 5)) {
          console.log(`    ${node.target.join(' ')}`);
        }
        if (v.nodes.length > 5) console.log(`    … et ${v.nodes.length - 5} autre(s)`);
      }
    }
  } finally {
    await driver.quit();
  }
  console.log(`axe ${width}×${height} : ${violations} violation(s) sur ${urls.length} page(s)`);
  process.exit(violations > 0 ? 1 : 0);
}

main().catch((err) => {
  console.error(`axe-viewport : ${err && err.stack ? err.stack : err}`);
  process.exit(2);
});
