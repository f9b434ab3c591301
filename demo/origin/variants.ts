import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Names of the directories under `mediaRoot` that hold a master.m3u8, sorted. */
export async function listVariants(mediaRoot: string): Promise<string[]> {
  const entries = await readdir(mediaRoot, { withFileTypes: true });
  return entries
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(mediaRoot, entry.name, 'master.m3u8')),
    )
    .map((entry) => entry.name)
    .sort();
}

export function masterUrls(originUrl: string, variant: string): { vod: string; live: string } {
  const name = encodeURIComponent(variant);
  return {
    vod: `${originUrl}/vod/${name}/master.m3u8`,
    live: `${originUrl}/live/${name}/master.m3u8`,
  };
}
