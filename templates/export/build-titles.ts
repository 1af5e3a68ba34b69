import type { PerProjectLayout, PerRowLayout } from '../layout/types.ts';
import { fillPattern, type PatternValues } from './cells.ts';
import type { Block } from './model.ts';

/** Space between a title and its subtitle, mm. */
const TITLE_TO_SUBTITLE = 1;

/** The title, the subtitle if the layout has one, and the `部门名称：… 单位：万元` line. */
export function titleBlocks(
  layout: PerProjectLayout | PerRowLayout,
  values: PatternValues,
  newPage: boolean,
): Block[] {
  const subtitle = 'subtitle' in layout ? layout.subtitle : undefined;
  return [
    {
      kind: 'paragraph',
      text: fillPattern(layout.title, values),
      font: 'title',
      align: 'center',
      spaceAfter: subtitle === undefined ? layout.spaceAfterTitle : TITLE_TO_SUBTITLE,
      pageBreakBefore: newPage,
    },
    ...(subtitle === undefined
      ? []
      : [
          {
            kind: 'paragraph' as const,
            text: fillPattern(subtitle, values),
            font: 'subtitle' as const,
            align: 'center' as const,
            spaceAfter: layout.spaceAfterTitle,
          },
        ]),
    {
      kind: 'info-line',
      left: fillPattern(layout.infoLine.left, values),
      right: fillPattern(layout.infoLine.right, values),
      font: 'info',
      spaceAfter: layout.spaceAfterInfo,
    },
  ];
}
