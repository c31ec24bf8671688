import { thClass } from "./styles";

/** A table's header row; an empty name leaves a column (e.g. of buttons) without a heading. */
export function TableHead({ columns }: Readonly<{ columns: readonly string[] }>) {
  return (
    <thead>
      <tr>
        {columns.map((name, i) => (
          <th key={name || `column-${i}`} scope="col" className={thClass}>
            {name}
          </th>
        ))}
      </tr>
    </thead>
  );
}
