// Integration suites talk to a real broker and database: give them room, but never hang forever.
jest.setTimeout(120_000);
