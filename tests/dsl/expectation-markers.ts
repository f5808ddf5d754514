// Reads "@expect <pointer> | <message fragment>" markers from fixture specs, so a test can check that
// each issue cites the marked line without hard-coding line numbers.
import { readFileSync } from 'node:fs';

export interface ExpectedIssue {
  line: number;
  path: string;
  messageFragment: string;
}

export function readExpectations(file: string): ExpectedIssue[] {
  const expectations: ExpectedIssue[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const match = /@expect (\/\S*) \| (.+)$/.exec(text);
      if (match !== null) expectations.push({ line: index + 1, path: match[1], messageFragment: match[2].trim() });
    });
  return expectations;
}
