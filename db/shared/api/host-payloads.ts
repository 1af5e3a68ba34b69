import { z } from 'zod';
import { MONEY_UNITS } from '../money.ts';
import { EXPORT_FORMAT_IDS, OPEN_MODES, type HostOperation } from './host-contract.ts';

/**
 * Payloads of the host operations, validated by the host service (db/service/payload.ts) for
 * both hosts before anything is done.
 */
const pathSchema = z.string().min(1).max(4096);
/** The unit of a source table that does not state it; one that does is never reread. */
const sourceUnitSchema = z
  .enum(MONEY_UNITS, { error: `金额单位应为 ${MONEY_UNITS.join(' 或 ')}` })
  .optional();
export const HOST_PAYLOADS = {
  hostInfo: z.object({}).strict(),
  listTrees: z.object({}).strict(),
  listLayouts: z.object({}).strict(),
  currentDocument: z.object({}).strict(),
  recentDocuments: z.object({}).strict(),
  newDocument: z
    .object({
      department: z.string().max(200),
      year: z.number().int(),
      tree: z.string().max(64),
      money: z
        .object({ unit: z.enum(MONEY_UNITS), decimals: z.number().int().min(0).max(10) })
        .strict()
        .optional(),
      path: pathSchema.optional(),
    })
    .strict(),
  newFromPrevious: z
    .object({
      source: pathSchema.optional(),
      year: z.number().int().optional(),
      keepAmounts: z.boolean(),
      path: pathSchema.optional(),
      unit: sourceUnitSchema,
    })
    .strict(),
  openDocument: z
    .object({
      path: pathSchema.optional(),
      mode: z.enum(OPEN_MODES).optional(),
      // For a table, imported: its unit when it states none, and where to save the new document.
      unit: sourceUnitSchema,
      target: pathSchema.optional(),
    })
    .strict(),
  importProgress: z.object({}).strict(),
  cancelImport: z.object({}).strict(),
  saveAs: z.object({ path: pathSchema.optional() }).strict(),
  exportDocument: z
    .object({
      format: z.enum(EXPORT_FORMAT_IDS, {
        error: `导出格式应为 ${EXPORT_FORMAT_IDS.slice(0, -1).join('、')} 或 ${EXPORT_FORMAT_IDS.at(-1)}`,
      }),
      // Absent: the layout the document remembers (DocumentData.printLayout).
      layout: z.string().max(64).optional(),
    })
    .strict(),
  printPreview: z.object({ layout: z.string().max(64).optional() }).strict(),
  exportProgress: z.object({}).strict(),
  // ---- suggestions ----
  suggestIndicators: z
    .object({
      level2Code: z.string().max(16),
      text: z.string().max(200),
      limit: z.number().int().min(1).max(50).optional(),
    })
    .strict(),
  rememberIndicators: z.object({}).strict(),
  addCommonIndicator: z.object({ id: z.number().int().positive() }).strict(),
  clearIndicatorMemory: z.object({}).strict(),
  previousYearTable: z.object({ source: pathSchema.optional(), unit: sourceUnitSchema }).strict(),
} satisfies Record<HostOperation, z.ZodType>;
