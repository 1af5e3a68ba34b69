import { TargetDocument } from '../../db/document.ts';
import { dumpToString } from '../../db/interchange.ts';
import {
  FORCE_OPTION,
  onePositional,
  OUTPUT_OPTION,
  warnDefects,
  type Command,
} from '../command.ts';
import { checkOutputPath, writeFileAtomic } from '../../templates/export/write-file.ts';

export const dump: Command = {
  name: 'dump',
  synopsis: 'dump <文档> [-o <JSON文件>]',
  summary: '以 JSON 输出整个文档（默认输出到标准输出）',
  options: { ...OUTPUT_OPTION, ...FORCE_OPTION },
  run(args) {
    const file = onePositional(dump, args, '文档路径');
    const doc = TargetDocument.open(file, { readonly: true });
    let json: string;
    try {
      const data = doc.snapshot();
      // The JSON holds what the document shows (an invalid amount as 0): say so, never silently.
      warnDefects(data);
      json = dumpToString(data);
    } finally {
      doc.close();
    }
    const output = args.values.output;
    if (typeof output === 'string') {
      checkOutputPath(output, args.values.force === true);
      writeFileAtomic(output, new TextEncoder().encode(json));
    } else {
      process.stdout.write(json);
    }
    return 0;
  },
};
