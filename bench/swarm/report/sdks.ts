/** How the reports name and colour each SDK; the tuned run says what was tuned. */
import type { Sdk } from '../shared/viewer.ts';

export const SDK_LABEL: Record<Sdk, string> = {
  peerlane: 'Peerlane',
  p2pml: 'p2p-media-loader',
  'p2pml-tuned': 'p2p-media-loader (tuned: hls.js worker off)',
  off: 'P2P off',
};

export const SDK_COLOR: Record<Sdk, string> = {
  peerlane: '#1f77b4',
  p2pml: '#d62728',
  'p2pml-tuned': '#ff9896',
  off: '#7f7f7f',
};
