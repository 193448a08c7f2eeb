/**
 * The output column names of a bi view, read from its SELECT list, so the setup can compare them with the live
 * view's columns without running the query: Redshift's CREATE OR REPLACE VIEW refuses a changed column list,
 * so a change means DROP + CREATE. The views are written so this is exact: every SELECT-list item is a quoted
 * column (`"service"`) or ends in `AS "name"`.
 */

/** Thrown when a SELECT-list item has no name this reader can see. */
export class ViewColumnsError extends Error {
  override readonly name = "ViewColumnsError";
}

/** Splits the text between the leading SELECT and the top-level FROM on top-level commas. */
function selectListItems(select: string): string[] {
  const head = /^\s*SELECT\s+(DISTINCT\s+)?/i.exec(select);
  if (!head) throw new ViewColumnsError(`not a SELECT: ${select.slice(0, 60)}`);
  const items: string[] = [];
  let depth = 0;
  let start = head[0].length;
  let quote: string | null = null;
  for (let i = start; i < select.length; i++) {
    const ch = select[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (depth === 0 && ch === ",") {
      items.push(select.slice(start, i));
      start = i + 1;
    } else if (depth === 0 && /^\sFROM\s/i.test(select.slice(i, i + 6))) {
      items.push(select.slice(start, i));
      return items.map((s) => s.trim());
    }
  }
  throw new ViewColumnsError(`no top-level FROM in: ${select.slice(0, 60)}`);
}

/** The view's column names in order: `SELECT "a", COUNT(*) AS "n" FROM t` → `["a", "n"]`. */
export function selectColumns(select: string): string[] {
  return selectListItems(select).map((item, i) => {
    const named = /(?:^|\sAS\s+)"((?:[^"]|"")+)"$/i.exec(item);
    if (!named || (!/\sAS\s+"/i.test(item) && !/^"(?:[^"]|"")+"$/.test(item))) {
      throw new ViewColumnsError(`SELECT-list item ${i + 1} (${item}) needs AS "name"`);
    }
    return (named[1] as string).replaceAll('""', '"');
  });
}
