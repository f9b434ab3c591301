/**
 * p2p-media-loader v2 for the browser viewers' page, bundled by esbuild and loaded
 * by script tag as `window.P2PML` (it ships ESM only).
 */
import { HlsJsP2PEngine } from 'p2p-media-loader-hlsjs';

(window as unknown as { P2PML: unknown }).P2PML = { HlsJsP2PEngine };
