import { defineRule } from '../finding.ts';

/**
 * Values in the file that this program would never have written (an amount past the maximum,
 * a number stored as text, a year of 99999, an indicator whose project is gone…): another tool
 * changed the file. Reading reports them (DocumentData.defects) instead of failing or hiding
 * them; this rule shows each as an 错误 at its field, so the clerk corrects it in the editor.
 */
export const invalidStoredValue = defineRule({
  id: 'invalid-stored-value',
  title: '文件中的无效值',
  severity: 'error',
  check(doc, report) {
    for (const { location, message } of doc.defects) {
      const unit = doc.units.find((u) => u.id === location.unitId);
      const project = unit?.projects.find((p) => p.id === location.projectId);
      const indicator = project?.indicators.find((i) => i.id === location.indicatorId);
      report(
        {
          location,
          ...(unit ? { unitName: unit.name } : {}),
          ...(project ? { projectName: project.name } : {}),
          ...(indicator ? { indicatorName: indicator.name } : {}),
        },
        message,
      );
    }
  },
});
