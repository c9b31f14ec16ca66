#!/usr/bin/env node
// Renders the SVG sources in images/ to the PNG files the extension manifest uses (VS Code and the Marketplace
// want PNG icons), with headless Chromium through playwright-core. Needs Chromium (`apt-get install chromium`, or
// CHROMIUM=/path). The PNGs are committed; run this only after editing an SVG.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const images = join(dirname(fileURLToPath(import.meta.url)), '../images');
const ICONS = [
  { svg: 'icon.svg', png: 'icon.png', size: 256 },
  { svg: 'file-vpl.svg', png: 'file-vpl.png', size: 64 },
  { svg: 'file-evt.svg', png: 'file-evt.png', size: 64 },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
try {
  const page = await browser.newPage();
  for (const { svg, png, size } of ICONS) {
    const source = readFileSync(join(images, svg), 'utf8').replace(
      /width="\d+" height="\d+"/,
      `width="${size}" height="${size}"`,
    );
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${source}</body></html>`);
    await page.locator('svg').screenshot({ path: join(images, png), omitBackground: true });
    console.error(`images/${png} (${size}x${size})`);
  }
} finally {
  await browser.close();
}
