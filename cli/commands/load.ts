import path from 'node:path';
import { writeDraft } from '../../db/import/index.ts';
import { loadDocumentJson, parseJsonText } from '../../db/interchange.ts';
import {
  FORCE_OPTION,
  onePositional,
  OUTPUT_OPTION,
  requiredString,
  type Command,
} from '../command.ts';
import { checkOutputPath } from '../../templates/export/write-file.ts';
import { readTextInput } from '../read-input.ts';

export const load: Command = {
  name: 'load',
  synopsis: 'load <JSON文件> -o <文档>',
  summary: '由 JSON 建立文档',
  options: { ...OUTPUT_OPTION, ...FORCE_OPTION },
  run(args) {
    const source = onePositional(load, args, 'JSON 文件');
    const target = requiredString(load, args, 'output', '输出文档');
    const force = args.values.force === true;
    checkOutputPath(target, force);
    const draft = loadDocumentJson(parseJsonText(readTextInput(source), `“${source}”`));
    writeDraft(draft, target, { overwrite: force });
    console.log(`已写入 ${path.resolve(target)}`);
    return 0;
  },
};
