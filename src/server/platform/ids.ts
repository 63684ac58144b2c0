const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path segment is a UUID: anything else is answered 404 before the database is asked. */
export const isUuid = (value: string) => uuidPattern.test(value);
