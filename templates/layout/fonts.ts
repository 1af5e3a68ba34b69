import type { LayoutFonts } from './types.ts';

/**
 * The type of the official tables: 宋体 throughout (the exporters find it, or the closest Song
 * face, on the machine), in the sizes of the published table. Shared by every layout so the two
 * printed forms of one document look alike.
 */
export const SONG_FONTS: LayoutFonts = {
  title: { family: '宋体', size: 16, bold: true },
  subtitle: { family: '宋体', size: 12 },
  info: { family: '宋体', size: 10.5 },
  header: { family: '宋体', size: 9, bold: true },
  body: { family: '宋体', size: 9 },
  footer: { family: '宋体', size: 9 },
};
