/**
 * Reads a key of a JSON-ish record only when it is the record's own: codes and metric names come
 * from users, and `constructor` or `toString` must not find Object.prototype's members.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
