import type { PastedIndicator } from './contract.ts';

/**
 * 从上年表格复制指标: last year's table as the host read it for the page, its projects with
 * their indicators in the form pasteIndicators takes (already moved on a year as 由上年文件新建
 * moves them: last year's 年度指标值 is each one's 上年指标值).
 */
export interface PreviousYearTable {
  /** The file's name, without its folder. */
  readonly source: string;
  readonly year: number;
  readonly projects: readonly PreviousProject[];
}

export interface PreviousProject {
  readonly unit: string;
  readonly name: string;
  readonly indicators: readonly PastedIndicator[];
}
