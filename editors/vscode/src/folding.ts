// Folding by section, as in the outline: a heading folds down to the line
// before the next heading with as many or fewer `#`. `// region` … `// endregion`
// comments fold too. (The server has no foldingRange provider; this is the
// same rule as grammar/queries/folds.scm, line-based.)

export interface Fold {
  start: number;
  end: number;
  region: boolean;
}

const HEADING = /^[ \t\u3000]*([#＃]+)/;
const REGION_START = /^[ \t\u3000]*(\/\/|／／)[ \t\u3000]*#?region\b/;
const REGION_END = /^[ \t\u3000]*(\/\/|／／)[ \t\u3000]*#?endregion\b/;

export function foldingRanges(lines: readonly string[]): Fold[] {
  const folds: Fold[] = [];
  const open: { level: number; line: number }[] = [];
  const regions: number[] = [];
  // The last non-blank line, so that a fold does not swallow trailing blank lines.
  let lastText = -1;

  const close = (until: number): void => {
    while (open.length > 0 && open[open.length - 1].level >= until) {
      const h = open.pop()!;
      if (lastText > h.line) {
        folds.push({ start: h.line, end: lastText, region: false });
      }
    }
  };

  lines.forEach((line, i) => {
    const heading = HEADING.exec(line);
    if (heading) {
      close(heading[1].length);
      open.push({ level: heading[1].length, line: i });
    } else if (REGION_START.test(line)) {
      regions.push(i);
    } else if (REGION_END.test(line)) {
      const start = regions.pop();
      if (start !== undefined && i > start) {
        folds.push({ start, end: i, region: true });
      }
    }
    if (line.trim() !== "") {
      lastText = i;
    }
  });
  close(0);
  return folds.sort((a, b) => a.start - b.start);
}
