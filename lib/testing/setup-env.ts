// Vitest runs the data layer in APP_ENV=test with secrets kept under .data/test.
process.env.APP_ENV ??= 'test';
process.env.DATA_DIR ??= '.data/test';
