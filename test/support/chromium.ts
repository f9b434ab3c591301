import { chromium, type Browser } from 'playwright-core';

/** Flags for Debian's headless Chromium on a machine with no outside network. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
  // mDNS host candidates don't resolve across processes (Chromium <-> Node peers).
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_BIN ?? '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
}
