// The colour scale of the FE strain images (issue 13 §6 "three slice images of the strain field as
// PNG with a colour scale"; decision 122): the strain ratio (max principal strain over its limit,
// 1.0 = the failure criterion is met) mapped onto viridis, a perceptually uniform colour map that
// stays readable in greyscale and for colour-blind readers (van der Walt and Smith, matplotlib
// 1.5, 2015, "A Better Default Colormap for Matplotlib", SciPy 2015; the table is CC0). Shared by
// the PNG writer (server/fe/strainImages.ts) and the colour bar of the result card.

export type Rgb = [number, number, number];

/**
 * Viridis, 256 entries of 6 hex digits (RGB), from index 0 (dark purple #440154) to 255 (yellow
 * #fde725): matplotlib's `_viridis_data`, as packed in d3-scale-chromatic 3.1.0
 * (src/sequential-multi/viridis.js, ISC licence). That package is not installed here, so the
 * table is copied (26 lines) rather than adding a dependency for one constant.
 */
const VIRIDIS_HEX =
  "44015444025645045745055946075a46085c460a5d460b5e470d60470e61471063471164471365481467481668481769" +
  "48186a481a6c481b6d481c6e481d6f481f70482071482173482374482475482576482677482878482979472a7a472c7a" +
  "472d7b472e7c472f7d46307e46327e46337f463480453581453781453882443983443a83443b84433d84433e85423f85" +
  "4240864241864142874144874045884046883f47883f48893e49893e4a893e4c8a3d4d8a3d4e8a3c4f8a3c508b3b518b" +
  "3b528b3a538b3a548c39558c39568c38588c38598c375a8c375b8d365c8d365d8d355e8d355f8d34608d34618d33628d" +
  "33638d32648e32658e31668e31678e31688e30698e306a8e2f6b8e2f6c8e2e6d8e2e6e8e2e6f8e2d708e2d718e2c718e" +
  "2c728e2c738e2b748e2b758e2a768e2a778e2a788e29798e297a8e297b8e287c8e287d8e277e8e277f8e27808e26818e" +
  "26828e26828e25838e25848e25858e24868e24878e23888e23898e238a8d228b8d228c8d228d8d218e8d218f8d21908d" +
  "21918c20928c20928c20938c1f948c1f958b1f968b1f978b1f988b1f998a1f9a8a1e9b8a1e9c891e9d891f9e891f9f88" +
  "1fa0881fa1881fa1871fa28720a38620a48621a58521a68522a78522a88423a98324aa8325ab8225ac8226ad8127ad81" +
  "28ae8029af7f2ab07f2cb17e2db27d2eb37c2fb47c31b57b32b67a34b67935b77937b87838b9773aba763bbb753dbc74" +
  "3fbc7340bd7242be7144bf7046c06f48c16e4ac16d4cc26c4ec36b50c46a52c56954c56856c66758c7655ac8645cc863" +
  "5ec96260ca6063cb5f65cb5e67cc5c69cd5b6ccd5a6ece5870cf5773d05675d05477d1537ad1517cd2507fd34e81d34d" +
  "84d44b86d54989d5488bd6468ed64590d74393d74195d84098d83e9bd93c9dd93ba0da39a2da37a5db36a8db34aadc32" +
  "addc30b0dd2fb2dd2db5de2bb8de29bade28bddf26c0df25c2df23c5e021c8e020cae11fcde11dd0e11cd2e21bd5e21a" +
  "d8e219dae319dde318dfe318e2e418e5e419e7e419eae51aece51befe51cf1e51df4e61ef6e620f8e621fbe723fde725";

/** The 256 colours of viridis, index 0 = lowest. */
export const VIRIDIS: readonly Rgb[] = Array.from({ length: 256 }, (_, n) => {
  const hex = VIRIDIS_HEX.slice(6 * n, 6 * n + 6);
  return [
    Number.parseInt(hex.slice(0, 2), 16),
    Number.parseInt(hex.slice(2, 4), 16),
    Number.parseInt(hex.slice(4, 6), 16),
  ];
});

/**
 * The scale of the images: strain ratio 0 to 1.0 (the criterion's threshold, "seuil"). Every
 * ratio at or above 1.0 takes the top colour: at the failure load the weakest point is exactly 1.0
 * (decision 122), so no evaluated voxel is above it.
 */
export const STRAIN_RATIO_SCALE = { min: 0, max: 1, ticks: [0, 0.5, 1] } as const;

/**
 * The colour of a strain ratio: entry floor(t · 256) of the table, t = ratio / max clamped to
 * [0, 1] (the ramp of d3-scale-chromatic, so t = 0.5 is entry 128 and t = 1 is entry 255).
 */
export function strainRatioColour(ratio: number): Rgb {
  const t = Number.isFinite(ratio) ? ratio / STRAIN_RATIO_SCALE.max : 0;
  const n = Math.max(0, Math.min(255, Math.floor(Math.max(0, t) * 256)));
  return VIRIDIS[n];
}

/** `#rrggbb` of a colour. */
export function hexOf([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * The colour bar as `count` equal bands from 0 to the top of the scale (1.0 = seuil): band n
 * covers ratios [n/count, (n+1)/count) · max and is painted with the colour of its lower edge. With
 * the default 256 bands the bar is the table itself: band 0 is entry 0 (ratio 0), band 128 starts
 * at 0.5 with entry 128, band 255 ends at 1.0 with entry 255.
 */
export function colourBarBands(count = 256): { from: number; to: number; colour: string }[] {
  const max = STRAIN_RATIO_SCALE.max;
  return Array.from({ length: count }, (_, n) => ({
    from: (n / count) * max,
    to: ((n + 1) / count) * max,
    colour: hexOf(strainRatioColour((n / count) * max)),
  }));
}
